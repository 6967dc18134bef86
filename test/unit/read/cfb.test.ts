import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptFileError, findRootStream, isCfb, listChildren, parseCfb } from '../../../src/read/cfb.js';
import { buildCfb, setFatEntry } from '../../helpers/xls-builder.js';

/** Deterministic bytes: stream contents whose every sector differs, so a wrong sector order shows. */
function pattern(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

function streamOf(bytes: Buffer, name: string): Buffer {
  const file = parseCfb(bytes);
  const entry = findRootStream(file, [name]);
  assert.ok(entry, name);
  return file.readStream(entry);
}

describe('parseCfb', () => {
  it('reads regular and mini streams of a version-3 file (512-byte sectors)', () => {
    const big = pattern(9000, 1);
    const small = pattern(300, 2);
    const built = buildCfb({ Workbook: big, '\u0005SummaryInformation': small, Empty: Buffer.alloc(0) });
    assert.ok(isCfb(built.bytes));
    const file = parseCfb(built.bytes);
    assert.equal(file.sectorSize, 512);
    assert.deepEqual(listChildren(file).map((e) => [e.name, e.type, e.size]), [
      ['Workbook', 'stream', 9000],
      ['\u0005SummaryInformation', 'stream', 300],
      ['Empty', 'stream', 0],
    ]);
    assert.deepEqual(streamOf(built.bytes, 'workbook'), big, 'names compare case-insensitively');
    assert.deepEqual(streamOf(built.bytes, '\u0005SummaryInformation'), small);
    assert.equal(streamOf(built.bytes, 'Empty').length, 0);
    assert.equal(findRootStream(file, ['Book']), undefined);
  });

  it('reads version-4 files with 4096-byte sectors', () => {
    const big = pattern(20000, 3);
    const small = pattern(1000, 4);
    const built = buildCfb({ Book: big, Small: small }, { sectorShift: 12 });
    assert.equal(parseCfb(built.bytes).sectorSize, 4096);
    assert.deepEqual(streamOf(built.bytes, 'Book'), big);
    assert.deepEqual(streamOf(built.bytes, 'Small'), small);
  });

  it('follows extra DIFAT sectors when there are more than 109 FAT sectors', () => {
    const big = pattern(70000, 5);
    const built = buildCfb({ Workbook: big }, { padFatSectors: 150 });
    assert.ok(built.fatSectors.length > 109 && built.difatSectors.length >= 1);
    assert.deepEqual(streamOf(built.bytes, 'Workbook'), big);
  });

  it('reports a cyclic FAT chain instead of looping', () => {
    const built = buildCfb({ Workbook: pattern(5000, 6) });
    const start = built.starts['Workbook']!;
    const cyclic = setFatEntry(built, start + 3, start + 1);
    const file = parseCfb(cyclic);
    assert.throws(() => file.readStream(findRootStream(file, ['Workbook'])!), (e: Error) => e instanceof CorruptFileError && /loops back to sector/.test(e.message));
    const selfLoop = setFatEntry(built, start, start);
    const again = parseCfb(selfLoop);
    assert.throws(() => again.readStream(findRootStream(again, ['Workbook'])!), CorruptFileError);
  });

  it('reports chains that leave the file or stop short', () => {
    const built = buildCfb({ Workbook: pattern(5000, 7) });
    const start = built.starts['Workbook']!;
    const outside = parseCfb(setFatEntry(built, start + 2, 50000));
    assert.throws(() => outside.readStream(findRootStream(outside, ['Workbook'])!), /outside the allocation table/);
    const short = parseCfb(setFatEntry(built, start + 2, 0xfffffffe));
    assert.throws(() => short.readStream(findRootStream(short, ['Workbook'])!), /truncated \(1536 of 5000 bytes\)/);
  });

  it('rejects damaged headers and truncated files with CorruptFileError', () => {
    const built = buildCfb({ Workbook: pattern(5000, 8) });
    const cases: [string, Buffer][] = [
      ['no signature', Buffer.from('hello world, this is not a compound file')],
      ['header cut short', built.bytes.subarray(0, 300)],
      ['half the file', built.bytes.subarray(0, Math.floor(built.bytes.length / 2))],
      ['bad sector shift', Buffer.concat([built.bytes.subarray(0, 0x1e), Buffer.from([20, 0]), built.bytes.subarray(0x20)])],
      ['bad byte order', Buffer.concat([built.bytes.subarray(0, 0x1c), Buffer.from([0xff, 0xff]), built.bytes.subarray(0x1e)])],
    ];
    for (const [what, bytes] of cases) {
      assert.throws(
        () => {
          const f = parseCfb(bytes);
          f.readStream(findRootStream(f, ['Workbook'])!);
        },
        CorruptFileError,
        what,
      );
    }
  });
});
