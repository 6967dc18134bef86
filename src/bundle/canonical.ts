/**
 * Canonical serialization for hashing and for the JSON container: object keys sorted by UTF-16 code
 * units, no whitespace, `undefined` members dropped (as JSON.stringify does). Same value → same string
 * on every platform Node runs on.
 */
import { createHash } from 'node:crypto';
import type { BundleContent } from './format.js';
import { indexDigestView } from './packed.js';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(src).sort()) out[k] = src[k];
      return out;
    }
    return v;
  });
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The bundle's content hash, `sha256:<hex>`; numeric index arrays count by the hash of their bytes. */
export function hashContent(content: BundleContent): string {
  return `sha256:${sha256Hex(canonicalJson({ ...content, index: indexDigestView(content.index) }))}`;
}
