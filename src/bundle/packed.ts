/**
 * The matcher index holds millions of numbers (postings and weights). As JSON text they would be tens of
 * megabytes and slow to parse, so the SQLite container stores every numeric array as raw little-endian
 * bytes (int32 when every value is a 32-bit integer, else float64, so values are exact) and the rest as
 * JSON with `{"$array": n}` in their place. The segmenter's dictionary (a megabyte or two of text) is
 * stored the same way as UTF-8 bytes and comes back as bytes: the segmenter reads bytes, so a load neither
 * decodes nor re-encodes it.
 *
 * The content hash sees a numeric array as `{"$array": type, "sha256": …}` over those bytes and the
 * dictionary as `{"$array": "utf8", "sha256": …}` over its UTF-8 bytes, whichever container it came from:
 * the JSON container (plain number arrays and text, for other runtimes) and the SQLite one hash the same.
 */
import { endianness } from 'node:os';
import { InternalError } from '../errors.js';
import type { MatcherIndexData } from '../match/index.js';
import { sha256Hex } from './canonical.js';

export type ArrayType = 'i32' | 'f64' | 'utf8';
type Numeric = readonly number[] | Int32Array | Float64Array;
/** An unpacked array: numbers, or the bytes of a stored text. */
export type UnpackedArray = Int32Array | Float64Array | Uint8Array;

/** Places of the index whose text is stored as UTF-8 bytes (and unpacked as bytes). */
const BYTE_TEXTS: readonly string[] = ['analyzer.dictionary'];
const isByteText = (path: readonly (string | number)[]) => BYTE_TEXTS.includes(path.join('.'));
const utf8Bytes = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);

export interface PackedArray {
  type: ArrayType;
  bytes: Buffer;
}

if (endianness() !== 'LE') throw new InternalError('kbt bundles need a little-endian machine');

function isNumeric(v: unknown): v is Numeric {
  if (v instanceof Int32Array || v instanceof Float64Array) return true;
  if (!Array.isArray(v) || v.length === 0) return false;
  for (const x of v) if (typeof x !== 'number') return false;
  return true;
}

function typeOf(v: Numeric): ArrayType {
  if (v instanceof Int32Array) return 'i32';
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isInteger(x) || x < -2147483648 || x > 2147483647 || Object.is(x, -0)) return 'f64';
  }
  return 'i32';
}

function toBytes(v: Numeric, type: ArrayType): Buffer {
  const typed = type === 'i32' ? (v instanceof Int32Array ? v : Int32Array.from(v)) : v instanceof Float64Array ? v : Float64Array.from(v);
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** A typed array over the bytes: a view when they are aligned (no copy), else an aligned copy. */
export function fromBytes(bytes: Uint8Array, type: ArrayType): UnpackedArray {
  if (type === 'utf8') return bytes;
  const size = type === 'i32' ? 4 : 8;
  if (bytes.byteLength % size !== 0) throw new RangeError(`array bytes (${bytes.byteLength}) are not a multiple of ${size}`);
  if (bytes.byteOffset % size === 0) {
    return type === 'i32' ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  }
  const out = type === 'i32' ? new Int32Array(bytes.byteLength / 4) : new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Where an array sits in the skeleton: object keys and array positions from the root. */
export type ArrayPath = (string | number)[];

interface Visitor {
  numbers(v: Numeric, path: ArrayPath): unknown;
  text(v: string | Uint8Array, path: ArrayPath): unknown;
}

/** A copy of `value` with numeric arrays and byte texts replaced by what the visitor returns. */
function walk(value: unknown, visit: Visitor, path: ArrayPath = []): unknown {
  if ((typeof value === 'string' || value instanceof Uint8Array) && isByteText(path)) return visit.text(value, path);
  if (isNumeric(value)) return visit.numbers(value, path);
  if (Array.isArray(value)) return value.map((x, i) => walk(x, visit, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, visit, [...path, k]);
    return out;
  }
  return value;
}

/**
 * The index as stored in SQLite: JSON skeleton plus numeric arrays in order of appearance, and the path
 * of each array in the skeleton, so a reader puts them back without walking the whole skeleton.
 */
export function packIndex(index: MatcherIndexData): { skeleton: unknown; arrays: PackedArray[]; paths: ArrayPath[] } {
  const arrays: PackedArray[] = [];
  const paths: ArrayPath[] = [];
  const place = (type: ArrayType, bytes: Buffer, path: ArrayPath) => {
    arrays.push({ type, bytes });
    paths.push(path);
    return { $array: arrays.length - 1 };
  };
  const skeleton = walk(index, {
    numbers: (v, path) => {
      const type = typeOf(v);
      return place(type, toBytes(v, type), path);
    },
    text: (v, path) => {
      const b = utf8Bytes(v);
      return place('utf8', Buffer.from(b.buffer, b.byteOffset, b.byteLength), path);
    },
  });
  return { skeleton, arrays, paths };
}

/**
 * Inverse of `packIndex`; numeric arrays come back as typed arrays. The skeleton is filled in place: it is
 * freshly parsed, and copying it would double the garbage of a load. With `paths` (as `packIndex` returned
 * them) only those places are visited; every path must lead to its `{"$array": n}` placeholder. Without
 * them (bundles written before paths were stored) the whole skeleton is walked.
 */
export function unpackIndex(skeleton: unknown, arrays: readonly UnpackedArray[], paths?: readonly ArrayPath[]): MatcherIndexData {
  if (paths) return unpackByPaths(skeleton, arrays, paths);
  const fill = (value: object): unknown => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (v !== null && typeof v === 'object') value[i] = fill(v);
      }
      return value;
    }
    const o = value as Record<string, unknown>;
    if (typeof o.$array === 'number' && Object.keys(o).length === 1) {
      const a = arrays[o.$array];
      if (!a) throw new RangeError(`index names array ${o.$array}, which is not stored`);
      return a;
    }
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (v !== null && typeof v === 'object') o[k] = fill(v);
    }
    return o;
  };
  return (skeleton !== null && typeof skeleton === 'object' ? fill(skeleton) : skeleton) as MatcherIndexData;
}

function unpackByPaths(skeleton: unknown, arrays: readonly UnpackedArray[], paths: readonly ArrayPath[]): MatcherIndexData {
  if (paths.length !== arrays.length) throw new RangeError(`index lists ${paths.length} array places for ${arrays.length} arrays`);
  paths.forEach((path, n) => {
    if (!Array.isArray(path) || path.length === 0) throw new RangeError(`array ${n} has no place in the index`);
    let parent: unknown = skeleton;
    for (let i = 0; i < path.length - 1; i++) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[path[i]!] : undefined;
    const key = path[path.length - 1]!;
    const slot = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[key] : undefined;
    if (slot === null || typeof slot !== 'object' || (slot as { $array?: unknown }).$array !== n) {
      throw new RangeError(`array ${n}'s place ${JSON.stringify(path)} holds no placeholder for it`);
    }
    (parent as Record<string | number, unknown>)[key] = arrays[n];
  });
  return skeleton as MatcherIndexData;
}

/** The index as the content hash sees it: numeric arrays by type and SHA-256 of their bytes. */
export function indexDigestView(index: MatcherIndexData): unknown {
  return walk(index, {
    numbers: (v) => {
      const type = typeOf(v);
      return { $array: type, sha256: sha256Hex(toBytes(v, type)) };
    },
    text: (v) => ({ $array: 'utf8', sha256: sha256Hex(utf8Bytes(v)) }),
  });
}

/** Plain number arrays and texts (for the JSON container), whatever the index holds. */
export function plainIndex(index: MatcherIndexData): MatcherIndexData {
  return walk(index, {
    numbers: (v) => Array.from(v),
    text: (v) => (typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8')),
  }) as MatcherIndexData;
}
