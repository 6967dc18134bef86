/**
 * Reader for the OLE2 Compound File Binary container (MS-CFB) that wraps legacy Office files such as
 * Excel 97–2003 `.xls` workbooks. Pure over a Buffer: no fs access.
 *
 * Every sector index, chain and size read from the file is checked against the file itself, so a
 * truncated or damaged file ends in a `CorruptFileError` (never an out-of-range read or an endless loop
 * on a cyclic chain).
 */

/** Thrown for a damaged container or stream; the readers turn it into a `corrupt-file` diagnostic. */
export class CorruptFileError extends Error {
  override name = 'CorruptFileError';
}

/** The 8 bytes every compound file starts with. */
export const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const HEADER_SIZE = 512;
const HEADER_DIFAT_ENTRIES = 109;
const DIR_ENTRY_SIZE = 128;
/** Largest regular sector index; the values above it are markers. */
const MAX_REG_SECT = 0xfffffffa;
const END_OF_CHAIN = 0xfffffffe;
const FREE_SECT = 0xffffffff;
/** "No sibling / child" in the directory tree. */
const NO_STREAM = 0xffffffff;

export type CfbEntryType = 'storage' | 'stream' | 'root';

/** One directory entry of the container. */
export interface CfbEntry {
  /** Index in the directory, as used by the sibling / child links. */
  index: number;
  name: string;
  type: CfbEntryType;
  /** First sector of the stream (of the mini stream for streams smaller than the cutoff). */
  start: number;
  /** Stream size in bytes. */
  size: number;
  left: number;
  right: number;
  child: number;
}

/** A parsed container: its directory and a way to read any stream of it. */
export interface CfbFile {
  /** Sector size in bytes: 512 (version 3) or 4096 (version 4). */
  sectorSize: number;
  entries: CfbEntry[];
  /** Bytes of a stream entry; throws `CorruptFileError` when its chain is damaged or too short. */
  readStream(entry: CfbEntry): Buffer;
}

/** True when `bytes` starts with the compound-file signature. */
export function isCfb(bytes: Buffer): boolean {
  return bytes.length >= CFB_SIGNATURE.length && bytes.subarray(0, CFB_SIGNATURE.length).equals(CFB_SIGNATURE);
}

function fail(detail: string): never {
  throw new CorruptFileError(detail);
}

/**
 * Parses the header, DIFAT, FAT, mini FAT and directory of a compound file.
 * Throws `CorruptFileError` on anything that does not add up.
 */
export function parseCfb(bytes: Buffer): CfbFile {
  if (!isCfb(bytes)) fail('not an OLE2 compound file');
  if (bytes.length < HEADER_SIZE) fail('truncated compound file header');
  if (bytes.readUInt16LE(0x1c) !== 0xfffe) fail('bad byte-order mark in the compound file header');
  const major = bytes.readUInt16LE(0x1a);
  const sectorShift = bytes.readUInt16LE(0x1e);
  // Version 3 uses 512-byte sectors and version 4 4096-byte ones; a few writers get the version wrong, so
  // the shift alone decides.
  if (sectorShift !== 9 && sectorShift !== 12) fail(`unsupported sector size 2^${sectorShift} (version ${major})`);
  const miniShift = bytes.readUInt16LE(0x20);
  if (miniShift !== 6) fail(`unsupported mini sector size 2^${miniShift}`);
  const sectorSize = 1 << sectorShift;
  const miniSectorSize = 1 << miniShift;
  const fatSectorCount = bytes.readUInt32LE(0x2c);
  const firstDirSector = bytes.readUInt32LE(0x30);
  const miniCutoff = bytes.readUInt32LE(0x38);
  const firstMiniFatSector = bytes.readUInt32LE(0x3c);
  const miniFatSectorCount = bytes.readUInt32LE(0x40);
  const firstDifatSector = bytes.readUInt32LE(0x44);
  const difatSectorCount = bytes.readUInt32LE(0x48);

  // Sector n starts right after the header sector; a version-4 header is padded to 4096 bytes.
  const sectorCount = Math.max(0, Math.ceil((bytes.length - sectorSize) / sectorSize));
  const entriesPerSector = sectorSize / 4;
  if (fatSectorCount > sectorCount) fail(`the header lists ${fatSectorCount} FAT sectors but the file has ${sectorCount} sectors`);

  const sector = (n: number, what: string): Buffer => {
    if (n > MAX_REG_SECT || n >= sectorCount) fail(`${what} points at sector ${n}, outside the file (${sectorCount} sectors)`);
    const start = (n + 1) * sectorSize;
    // The last sector may be cut short by writers that do not pad the file; the missing tail reads as zeros.
    const slice = bytes.subarray(start, start + sectorSize);
    return slice.length === sectorSize ? slice : Buffer.concat([slice, Buffer.alloc(sectorSize - slice.length)]);
  };

  // DIFAT: 109 FAT sector numbers in the header, then a chain of DIFAT sectors, each ending with the next one.
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES && fatSectors.length < fatSectorCount; i++) {
    const n = bytes.readUInt32LE(0x4c + i * 4);
    if (n !== FREE_SECT) fatSectors.push(n);
  }
  let difat = firstDifatSector;
  const seenDifat = new Set<number>();
  while (fatSectors.length < fatSectorCount && difat !== END_OF_CHAIN && difat !== FREE_SECT) {
    if (seenDifat.has(difat) || seenDifat.size >= difatSectorCount) fail('the DIFAT chain loops or is longer than the header says');
    seenDifat.add(difat);
    const s = sector(difat, 'the DIFAT chain');
    for (let i = 0; i < entriesPerSector - 1 && fatSectors.length < fatSectorCount; i++) {
      const n = s.readUInt32LE(i * 4);
      if (n !== FREE_SECT) fatSectors.push(n);
    }
    difat = s.readUInt32LE(sectorSize - 4);
  }
  if (fatSectors.length < fatSectorCount) fail(`found ${fatSectors.length} of ${fatSectorCount} FAT sectors`);

  const fat = new Uint32Array(fatSectors.length * entriesPerSector);
  fatSectors.forEach((n, i) => {
    const s = sector(n, 'the FAT');
    for (let j = 0; j < entriesPerSector; j++) fat[i * entriesPerSector + j] = s.readUInt32LE(j * 4);
  });

  /** Follows a FAT-like chain; `limit` bounds its length so a cycle cannot run forever. */
  const chain = (table: Uint32Array, start: number, limit: number, what: string): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let n = start; n !== END_OF_CHAIN; n = table[n]!) {
      if (n === FREE_SECT && out.length === 0) break; // an empty stream may say "free" instead of "end"
      if (n >= table.length) fail(`${what} runs to sector ${n}, outside the allocation table (${table.length} entries)`);
      if (seen.has(n)) fail(`${what} loops back to sector ${n}`);
      if (out.length >= limit) fail(`${what} is longer than the file`);
      seen.add(n);
      out.push(n);
    }
    return out;
  };
  const readChain = (start: number, what: string): Buffer =>
    Buffer.concat(chain(fat, start, sectorCount, what).map((n) => sector(n, what)));

  const dirBytes = readChain(firstDirSector, 'the directory chain');
  const entries: CfbEntry[] = [];
  for (let off = 0; off + DIR_ENTRY_SIZE <= dirBytes.length; off += DIR_ENTRY_SIZE) {
    const typeByte = dirBytes[off + 0x42]!;
    const nameLength = Math.min(64, dirBytes.readUInt16LE(off + 0x40));
    const name = dirBytes.toString('utf16le', off, off + Math.max(0, nameLength - 2));
    const type: CfbEntryType | undefined = typeByte === 1 ? 'storage' : typeByte === 2 ? 'stream' : typeByte === 5 ? 'root' : undefined;
    // Only the low 32 bits count in version 3, where the high half may hold garbage.
    const size = sectorShift === 9 ? dirBytes.readUInt32LE(off + 0x78) : dirBytes.readUInt32LE(off + 0x78) + dirBytes.readUInt32LE(off + 0x7c) * 2 ** 32;
    entries.push({
      index: entries.length,
      name,
      type: type ?? 'storage',
      start: dirBytes.readUInt32LE(off + 0x74),
      size,
      left: dirBytes.readUInt32LE(off + 0x44),
      right: dirBytes.readUInt32LE(off + 0x48),
      child: dirBytes.readUInt32LE(off + 0x4c),
    });
    if (type === undefined) entries[entries.length - 1]!.child = NO_STREAM; // unused slot: keep, but never descend
  }
  const root = entries[0];
  if (!root || root.type !== 'root') fail('the directory has no root entry');

  // The mini stream (small streams packed in 64-byte mini sectors) lives in the root entry's chain.
  let miniStream: Buffer | undefined;
  let miniFat: Uint32Array | undefined;
  const loadMini = (): { stream: Buffer; table: Uint32Array } => {
    if (!miniStream || !miniFat) {
      const fatBytes = Buffer.concat(
        chain(fat, firstMiniFatSector, Math.min(sectorCount, miniFatSectorCount || sectorCount), 'the mini FAT chain').map((n) => sector(n, 'the mini FAT chain')),
      );
      miniFat = new Uint32Array(fatBytes.length / 4);
      for (let i = 0; i < miniFat.length; i++) miniFat[i] = fatBytes.readUInt32LE(i * 4);
      miniStream = readChain(root.start, 'the mini stream chain');
      if (miniStream.length < root.size) fail('the mini stream is shorter than the root entry says');
    }
    return { stream: miniStream, table: miniFat };
  };

  const readStream = (entry: CfbEntry): Buffer => {
    if (entry.type !== 'stream') fail(`"${entry.name}" is not a stream`);
    if (entry.size > bytes.length) fail(`stream "${entry.name}" claims ${entry.size} bytes, more than the whole file`);
    if (entry.size === 0) return Buffer.alloc(0);
    let data: Buffer;
    if (entry.size < miniCutoff) {
      const mini = loadMini();
      const miniCount = Math.floor(mini.stream.length / miniSectorSize);
      const parts = chain(mini.table, entry.start, miniCount, `stream "${entry.name}"`).map((n) => {
        if (n >= miniCount) fail(`stream "${entry.name}" points at mini sector ${n}, outside the mini stream`);
        return mini.stream.subarray(n * miniSectorSize, (n + 1) * miniSectorSize);
      });
      data = Buffer.concat(parts);
    } else {
      data = readChain(entry.start, `stream "${entry.name}"`);
    }
    if (data.length < entry.size) fail(`stream "${entry.name}" is truncated (${data.length} of ${entry.size} bytes)`);
    return data.subarray(0, entry.size);
  };

  return { sectorSize, entries, readStream };
}

/**
 * The entries directly inside a storage (the root by default), walking its red-black tree of siblings.
 * Entries nested in sub-storages (e.g. embedded objects) are not included.
 */
export function listChildren(file: Pick<CfbFile, 'entries'>, storage = 0): CfbEntry[] {
  const out: CfbEntry[] = [];
  const seen = new Set<number>();
  const stack = [file.entries[storage]?.child ?? NO_STREAM];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (i === NO_STREAM || i >= file.entries.length) continue;
    if (seen.has(i)) fail('the directory tree loops');
    seen.add(i);
    const e = file.entries[i]!;
    out.push(e);
    stack.push(e.left, e.right);
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The first of `names` (case-insensitive, as CFB compares names) found among the root's children,
 * or `undefined`. The names are tried in order.
 */
export function findRootStream(file: CfbFile, names: readonly string[]): CfbEntry | undefined {
  const streams = listChildren(file).filter((e) => e.type === 'stream');
  for (const name of names) {
    const hit = streams.find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}
