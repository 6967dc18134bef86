import type { Diagnostic } from '../model/diagnostic.js';
import type { Entry, Layer } from '../model/types.js';

/** What every importer is given. Readers are pure over `bytes`: no fs access, so tests feed them buffers. */
export interface ReadInput {
  bytes: Buffer;
  /** Path shown in messages and stored as provenance: workspace-relative, `/`-separated. */
  file: string;
  layer: Layer;
  /** `name@version` for pack sources. */
  pack?: string;
  /** Overrides encoding detection for text formats (`utf8`, `gb18030`, `gbk`, `big5`, …). */
  encoding?: string;
  /** Excel: sheet name or 1-based index; default the first sheet. */
  sheet?: string;
}

/** What every importer returns: the entries it could read, and every problem it found with file:line. */
export interface ReadResult {
  entries: Entry[];
  diagnostics: Diagnostic[];
  /** Format that was read, e.g. `csv`, `xlsx`, `yaml`, `jsonl`, `markdown`. */
  format: string;
  /** Encoding used for text formats (detected or given), one of `SUPPORTED_ENCODINGS`; UTF-16 with or without a BOM. */
  encoding?: string;
}

export type Reader = (input: ReadInput) => Promise<ReadResult>;
