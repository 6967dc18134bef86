/**
 * Builds small OLE2 compound files and BIFF records by hand, so the `.xls` tests can cover what the
 * committed xlwt fixtures cannot: mini streams, 4096-byte sectors, extra DIFAT sectors, string formula
 * results, CONTINUE splits at chosen places, BIFF5 code-page strings, encryption and damage.
 */

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

export function f64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b;
}

/** One BIFF record: type, length, data. */
export function rec(type: number, ...data: Buffer[]): Buffer {
  const body = Buffer.concat(data);
  return Buffer.concat([u16(type), u16(body.length), body]);
}

const wide = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) > 0xff) || text.length !== [...text].length;

/** BIFF8 character data: UTF-16LE when any character needs it, else one byte each. */
function chars(text: string): { flag: number; bytes: Buffer } {
  return wide(text) ? { flag: 1, bytes: Buffer.from(text, 'utf16le') } : { flag: 0, bytes: Buffer.from(text, 'latin1') };
}

/** BIFF8 XLUnicodeString (2-byte count) or ShortXLUnicodeString (1-byte count). */
export function xlString(text: string, countBytes: 1 | 2 = 2): Buffer {
  const c = chars(text);
  return Buffer.concat([countBytes === 1 ? Buffer.from([text.length]) : u16(text.length), Buffer.from([c.flag]), c.bytes]);
}

export const cell = {
  labelSst: (row: number, col: number, index: number) => rec(0x00fd, u16(row), u16(col), u16(0), u32(index)),
  label: (row: number, col: number, text: string) => rec(0x0204, u16(row), u16(col), u16(0), xlString(text)),
  number: (row: number, col: number, value: number, xf = 0) => rec(0x0203, u16(row), u16(col), u16(xf), f64(value)),
  rk: (row: number, col: number, rk: number, xf = 0) => rec(0x027e, u16(row), u16(col), u16(xf), u32(rk)),
  mulrk: (row: number, col: number, rks: number[]) =>
    rec(0x00bd, u16(row), u16(col), ...rks.map((rk) => Buffer.concat([u16(0), u32(rk)])), u16(col + rks.length - 1)),
  boolerr: (row: number, col: number, value: number, isError: boolean) => rec(0x0205, u16(row), u16(col), u16(0), Buffer.from([value, isError ? 1 : 0])),
  /** FORMULA with a cached number, or a special result (0 string, 1 boolean, 2 error, 3 empty) in `special`. */
  formula: (row: number, col: number, result: number | { special: number; value?: number }) => {
    const value =
      typeof result === 'number' ? f64(result) : Buffer.from([result.special, 0, result.value ?? 0, 0, 0, 0, 0xff, 0xff]);
    return rec(0x0006, u16(row), u16(col), u16(0), value, u16(0), u32(0), u16(3), Buffer.from([0x1e, 0x05, 0x00]));
  },
  string: (text: string) => rec(0x0207, xlString(text)),
};

/**
 * An SST record and its CONTINUE records. Each record holds at most `limit` bytes of data; a string's
 * header is never split, its characters are split with a fresh flag byte (each part compressed unless it
 * needs UTF-16), and rich-text runs / phonetic data (`runs`, `ext` bytes) are split anywhere.
 */
export function sstRecords(strings: { text: string; runs?: number; ext?: number }[], limit = 8224): Buffer {
  const records: Buffer[][] = [[u32(strings.length), u32(strings.length)]];
  let used = 8;
  const push = (b: Buffer) => {
    records[records.length - 1]!.push(b);
    used += b.length;
  };
  const next = () => {
    records.push([]);
    used = 0;
  };
  for (const s of strings) {
    const runs = s.runs ?? 0;
    const ext = s.ext ?? 0;
    const headerLength = 3 + (runs ? 2 : 0) + (ext ? 4 : 0);
    if (used + headerLength > limit) next();
    // The header's flag describes the characters in this record only; a continuation may switch.
    let flag = chars(s.text.slice(0, Math.max(1, limit - used - headerLength))).flag;
    push(Buffer.concat([u16(s.text.length), Buffer.from([flag | (runs ? 8 : 0) | (ext ? 4 : 0)]), runs ? u16(runs) : Buffer.alloc(0), ext ? u32(ext) : Buffer.alloc(0)]));
    let rest = s.text;
    while (rest.length > 0) {
      const width = flag ? 2 : 1;
      const room = Math.floor((limit - used) / width);
      if (room === 0) {
        next();
        flag = chars(rest).flag;
        push(Buffer.from([flag]));
        continue;
      }
      const part = rest.slice(0, room);
      push(flag ? Buffer.from(part, 'utf16le') : Buffer.from(part, 'latin1'));
      rest = rest.slice(part.length);
      if (rest.length > 0) {
        next();
        flag = chars(rest.slice(0, Math.max(1, limit - 1))).flag;
        push(Buffer.from([flag]));
      }
    }
    let tail = Buffer.concat([Buffer.alloc(runs * 4, 0xaa), Buffer.alloc(ext, 0xbb)]);
    while (tail.length > 0) {
      if (used >= limit) next();
      const k = Math.min(limit - used, tail.length);
      push(tail.subarray(0, k));
      tail = tail.subarray(k);
    }
  }
  return Buffer.concat(records.map((parts, i) => rec(i === 0 ? 0x00fc : 0x003c, ...parts)));
}

const BOF_GLOBALS = 0x0005;
const BOF_WORKSHEET = 0x0010;

function bof(biff: 5 | 8, type: number): Buffer {
  return rec(0x0809, u16(biff === 8 ? 0x0600 : 0x0500), u16(type), u16(0), u16(0), u32(0), u32(0));
}

/**
 * A workbook stream: globals (BOF, `globals` records, BOUNDSHEETs, EOF) then each sheet's substream.
 * `sheetType` is the BOUNDSHEET type (0 worksheet, 2 chart); `bofType` the sheet BOF type.
 */
export function workbookStream(opts: {
  biff?: 5 | 8;
  globals?: Buffer[];
  sheets: { name: string; cells: Buffer[]; sheetType?: number; bofType?: number }[];
}): Buffer {
  const biff = opts.biff ?? 8;
  const name = (n: string) => (biff === 8 ? xlString(n, 1) : Buffer.concat([Buffer.from([n.length]), Buffer.from(n, 'latin1')]));
  const bodies = opts.sheets.map((s) => Buffer.concat([bof(biff, s.bofType ?? BOF_WORKSHEET), ...s.cells, rec(0x000a)]));
  const sheetRecord = (s: (typeof opts.sheets)[number], offset: number) => rec(0x0085, u32(offset), Buffer.from([0, s.sheetType ?? 0]), name(s.name));
  const head = Buffer.concat([bof(biff, BOF_GLOBALS), ...(opts.globals ?? [])]);
  const boundLength = opts.sheets.reduce((n, s) => n + sheetRecord(s, 0).length, 0);
  let offset = head.length + boundLength + 4;
  const bounds = opts.sheets.map((s, i) => {
    const r = sheetRecord(s, offset);
    offset += bodies[i]!.length;
    return r;
  });
  return Buffer.concat([head, ...bounds, rec(0x000a), ...bodies]);
}

const END = 0xfffffffe;
const FREE = 0xffffffff;
const FATSECT = 0xfffffffd;
const DIFSECT = 0xfffffffc;

export interface BuiltCfb {
  bytes: Buffer;
  sectorSize: number;
  /** First regular sector of each stream stored outside the mini stream. */
  starts: Record<string, number>;
  /** Sector numbers of the FAT, in order. */
  fatSectors: number[];
  difatSectors: number[];
}

/**
 * A compound file with the given streams in the root storage. Streams under `miniCutoff` bytes go to
 * the mini stream. `padFatSectors` adds empty FAT sectors, enough of them forcing DIFAT sectors.
 */
export function buildCfb(streams: Record<string, Buffer>, opts: { sectorShift?: 9 | 12; padFatSectors?: number } = {}): BuiltCfb {
  const shift = opts.sectorShift ?? 9;
  const size = 1 << shift;
  const perSector = size / 4;
  const cutoff = 4096;
  const sectors: Buffer[] = [];
  const fat: number[] = [];
  const place = (data: Buffer): number => {
    if (data.length === 0) return END;
    const start = sectors.length;
    const count = Math.ceil(data.length / size);
    for (let i = 0; i < count; i++) {
      const s = Buffer.alloc(size);
      data.copy(s, 0, i * size, (i + 1) * size);
      sectors.push(s);
      fat.push(i === count - 1 ? END : start + i + 1);
    }
    return start;
  };
  const names = Object.keys(streams);
  const starts: Record<string, number> = {};
  const entryStart: number[] = [];
  const mini: Buffer[] = [];
  const miniFat: number[] = [];
  for (const n of names) {
    const data = streams[n]!;
    if (data.length >= cutoff) {
      starts[n] = place(data);
      entryStart.push(starts[n]!);
    } else {
      const start = miniFat.length;
      const count = Math.ceil(data.length / 64);
      for (let i = 0; i < count; i++) {
        const s = Buffer.alloc(64);
        data.copy(s, 0, i * 64, (i + 1) * 64);
        mini.push(s);
        miniFat.push(i === count - 1 ? END : start + i + 1);
      }
      entryStart.push(count === 0 ? END : start);
    }
  }
  const miniStream = Buffer.concat(mini);
  const miniStart = place(miniStream);
  const miniFatBytes = Buffer.concat(miniFat.map(u32));
  const miniFatStart = place(miniFatBytes);

  const dirEntry = (name: string, type: number, start: number, length: number, child: number, right: number): Buffer => {
    const e = Buffer.alloc(128);
    e.write(name, 0, 'utf16le');
    e.writeUInt16LE((name.length + 1) * 2, 0x40);
    e[0x42] = type;
    e[0x43] = 1;
    e.writeUInt32LE(FREE, 0x44);
    e.writeUInt32LE(right, 0x48);
    e.writeUInt32LE(child, 0x4c);
    e.writeUInt32LE(start, 0x74);
    e.writeUInt32LE(length, 0x78);
    return e;
  };
  const dir = [dirEntry('Root Entry', 5, miniStart, miniStream.length, names.length > 0 ? 1 : FREE, FREE)];
  names.forEach((n, i) => dir.push(dirEntry(n, 2, entryStart[i]!, streams[n]!.length, FREE, i + 2 <= names.length ? i + 2 : FREE)));
  const dirStart = place(Buffer.concat(dir));

  let fatCount = 1;
  let difatCount = 0;
  for (;;) {
    const need = Math.max(Math.ceil((sectors.length + fatCount + difatCount) / perSector), 1) + (opts.padFatSectors ?? 0);
    const needDifat = need > 109 ? Math.ceil((need - 109) / (perSector - 1)) : 0;
    if (need === fatCount && needDifat === difatCount) break;
    fatCount = need;
    difatCount = needDifat;
  }
  const fatSectors = Array.from({ length: fatCount }, (_, i) => sectors.length + i);
  const difatSectors = Array.from({ length: difatCount }, (_, i) => sectors.length + fatCount + i);
  for (const _ of fatSectors) fat.push(FATSECT);
  for (const _ of difatSectors) fat.push(DIFSECT);
  const table = Buffer.alloc(fatCount * size, 0xff);
  fat.forEach((v, i) => table.writeUInt32LE(v, i * 4));
  for (let i = 0; i < fatCount; i++) sectors.push(table.subarray(i * size, (i + 1) * size));
  const overflow = fatSectors.slice(109);
  difatSectors.forEach((_, d) => {
    const s = Buffer.alloc(size, 0xff);
    overflow.slice(d * (perSector - 1), (d + 1) * (perSector - 1)).forEach((n, i) => s.writeUInt32LE(n, i * 4));
    s.writeUInt32LE(d + 1 < difatSectors.length ? difatSectors[d + 1]! : END, size - 4);
    sectors.push(s);
  });

  const header = Buffer.alloc(size);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(shift === 9 ? 3 : 4, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(shift, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(fatCount, 0x2c);
  header.writeUInt32LE(dirStart, 0x30);
  header.writeUInt32LE(cutoff, 0x38);
  header.writeUInt32LE(miniFatStart, 0x3c);
  header.writeUInt32LE(Math.ceil(miniFatBytes.length / size), 0x40);
  header.writeUInt32LE(difatSectors[0] ?? END, 0x44);
  header.writeUInt32LE(difatCount, 0x48);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(fatSectors[i] ?? FREE, 0x4c + i * 4);
  return { bytes: Buffer.concat([header, ...sectors]), sectorSize: size, starts, fatSectors, difatSectors };
}

/** Overwrites FAT entry `index` (the link out of sector `index`) in a built file. */
export function setFatEntry(built: BuiltCfb, index: number, value: number): Buffer {
  const bytes = Buffer.from(built.bytes);
  const perSector = built.sectorSize / 4;
  const fatSector = built.fatSectors[Math.floor(index / perSector)]!;
  bytes.writeUInt32LE(value >>> 0, (fatSector + 1) * built.sectorSize + (index % perSector) * 4);
  return bytes;
}
