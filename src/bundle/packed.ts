/**
 * The matcher index holds millions of numbers (postings and weights). As JSON text they would be tens of
 * megabytes and slow to parse, so the SQLite container stores every numeric array as raw little-endian
 * bytes (int32 when every value is a 32-bit integer, else float64, so values are exact) and the rest as
 * JSON with `{"$array": n}` in their place.
 *
 * The content hash sees a numeric array as `{"$array": type, "sha256": …}` over those bytes, whichever
 * container it came from: the JSON container (plain number arrays, for other runtimes) and the SQLite one
 * hash the same.
 */
import { endianness } from 'node:os';
import { InternalError } from '../errors.js';
import type { MatcherIndexData } from '../match/index.js';
import { sha256Hex } from './canonical.js';

export type ArrayType = 'i32' | 'f64';
type Numeric = readonly number[] | Int32Array | Float64Array;

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
export function fromBytes(bytes: Uint8Array, type: ArrayType): Int32Array | Float64Array {
  const size = type === 'i32' ? 4 : 8;
  if (bytes.byteLength % size !== 0) throw new RangeError(`array bytes (${bytes.byteLength}) are not a multiple of ${size}`);
  if (bytes.byteOffset % size === 0) {
    return type === 'i32' ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  }
  const out = type === 'i32' ? new Int32Array(bytes.byteLength / 4) : new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function walk(value: unknown, onArray: (v: Numeric) => unknown): unknown {
  if (isNumeric(value)) return onArray(value);
  if (Array.isArray(value)) return value.map((x) => walk(x, onArray));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, onArray);
    return out;
  }
  return value;
}

/** The index as stored in SQLite: JSON skeleton plus numeric arrays in order of appearance. */
export function packIndex(index: MatcherIndexData): { skeleton: unknown; arrays: PackedArray[] } {
  const arrays: PackedArray[] = [];
  const skeleton = walk(index, (v) => {
    const type = typeOf(v);
    arrays.push({ type, bytes: toBytes(v, type) });
    return { $array: arrays.length - 1 };
  });
  return { skeleton, arrays };
}

/**
 * Inverse of `packIndex`; numeric arrays come back as typed arrays (the matcher copies them anyway). The
 * skeleton is filled in place: it is freshly parsed, and copying it would double the garbage of a load.
 */
export function unpackIndex(skeleton: unknown, arrays: readonly (Int32Array | Float64Array)[]): MatcherIndexData {
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

/** The index as the content hash sees it: numeric arrays by type and SHA-256 of their bytes. */
export function indexDigestView(index: MatcherIndexData): unknown {
  return walk(index, (v) => {
    const type = typeOf(v);
    return { $array: type, sha256: sha256Hex(toBytes(v, type)) };
  });
}

/** Plain number arrays (for the JSON container), whatever the index holds. */
export function plainIndex(index: MatcherIndexData): MatcherIndexData {
  return walk(index, (v) => Array.from(v)) as MatcherIndexData;
}
