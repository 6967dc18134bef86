import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { readChatlog, type ChatlogRecord } from '../../../src/read/chatlog.js';
import type { ChatTurn } from '../../../src/model/chatlog.js';
import type { Diagnostic } from '../../../src/model/diagnostic.js';

/** A stream handing out `bytes` in chunks of `size` bytes, like a pipe or a small highWaterMark. */
function chunked(bytes: Buffer, size = bytes.length): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function read(bytes: Buffer, name: string, options: { size?: number; encoding?: string } = {}): Promise<{ turns: ChatTurn[]; problems: Diagnostic[] }> {
  const turns: ChatTurn[] = [];
  const problems: Diagnostic[] = [];
  const input = { stream: chunked(bytes, options.size), name, ...(options.encoding === undefined ? {} : { encoding: options.encoding }) };
  for await (const r of readChatlog(input) as AsyncIterable<ChatlogRecord>) {
    if (r.kind === 'turn') turns.push(r.turn);
    else problems.push(r.diagnostic);
  }
  return { turns, problems };
}

const SIMPLIFIED_CSV = '会话ID,轮次,角色,内容,标注\r\ns1,1,顾客,请问笔记本保修多久,warranty\r\ns1,2,客服,整机一年，主要部件两年,\r\ns2,1,买家,"发票怎么开，能开专票吗",invoice\r\n';
const SIMPLIFIED_TEXTS = ['请问笔记本保修多久', '整机一年，主要部件两年', '发票怎么开，能开专票吗'];
const TRADITIONAL_JSONL = [
  { session: '甲', turn: 1, role: '客戶', text: '請問筆電保固多久', label: 'warranty' },
  { session: '甲', turn: 2, role: 'agent', text: '整機一年，主要零件兩年' },
  { session: '乙', turn: 1, role: 'customer', text: '運費怎麼算？滿額免運嗎', label: 'shipping' },
]
  .map((o) => JSON.stringify(o))
  .join('\n');

const texts = (turns: ChatTurn[]) => turns.map((t) => t.text);

describe('chat log encodings', () => {
  it('reads a GBK CSV export (Excel on Chinese Windows) with its Chinese header', async () => {
    const { turns, problems } = await read(iconv.encode(SIMPLIFIED_CSV, 'gbk'), 'export.csv');
    assert.deepEqual(problems, []);
    assert.deepEqual(texts(turns), SIMPLIFIED_TEXTS);
    assert.deepEqual(
      turns.map((t) => [t.session, t.turn, t.role, t.label, t.line]),
      [
        ['s1', 1, 'customer', 'warranty', 2],
        ['s1', 2, 'agent', undefined, 3],
        ['s2', 1, 'customer', 'invoice', 4],
      ],
    );
  });

  it('reads UTF-16 LE with a BOM, and UTF-16 LE without one', async () => {
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SIMPLIFIED_CSV, 'utf16le')]);
    const a = await read(withBom, 'export.csv');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(texts(a.turns), SIMPLIFIED_TEXTS);
    const b = await read(Buffer.from(SIMPLIFIED_CSV, 'utf16le'), 'export.csv');
    assert.deepEqual(b.problems, []);
    assert.deepEqual(texts(b.turns), SIMPLIFIED_TEXTS);
  });

  it('reads a Big5 JSONL log, telling it from GBK', async () => {
    const { turns, problems } = await read(iconv.encode(TRADITIONAL_JSONL, 'big5'), 'tw.jsonl');
    assert.deepEqual(problems, []);
    assert.deepEqual(texts(turns), ['請問筆電保固多久', '整機一年，主要零件兩年', '運費怎麼算？滿額免運嗎']);
    assert.deepEqual(turns.map((t) => t.session), ['甲', '甲', '乙']);
    assert.equal(turns[0]!.role, 'customer');
    const csv = await read(iconv.encode('會話編號,輪次,角色,內容,標註\r\n甲,1,顧客,請問保固多久,warranty\r\n甲,2,機器人,整機一年,\r\n', 'big5'), 'tw.csv');
    assert.deepEqual(csv.problems, []);
    assert.deepEqual(
      csv.turns.map((t) => [t.session, t.turn, t.role, t.text, t.label]),
      [
        ['甲', 1, 'customer', '請問保固多久', 'warranty'],
        ['甲', 2, 'bot', '整機一年', undefined],
      ],
    );
  });

  it('reads a gzip-compressed GBK log, even without a telling name', async () => {
    const gz = gzipSync(iconv.encode(SIMPLIFIED_CSV, 'gbk'));
    for (const name of ['export.csv.gz', '-']) {
      const { turns, problems } = await read(gz, name, { size: 7 });
      assert.deepEqual(problems, [], name);
      assert.deepEqual(texts(turns), SIMPLIFIED_TEXTS, name);
    }
  });

  it('keeps a character cut between tiny chunks whole', async () => {
    for (const [encoding, bytes] of [
      ['utf8', Buffer.from(SIMPLIFIED_CSV)],
      ['gbk', iconv.encode(SIMPLIFIED_CSV, 'gbk')],
      ['big5', iconv.encode(TRADITIONAL_JSONL, 'big5')],
    ] as [string, Buffer][]) {
      for (const size of [1, 2, 3, 5]) {
        const { turns, problems } = await read(bytes, encoding === 'big5' ? 'x.jsonl' : 'x.csv', { size });
        assert.deepEqual(problems, [], `${encoding} ${size}`);
        assert.equal(turns.length, 3, `${encoding} ${size}`);
        assert.ok(turns.every((t) => !t.text.includes('\uFFFD')), `${encoding} ${size}`);
      }
    }
  });

  it('detects the encoding from a head that ends inside a character', async () => {
    // 64 KiB are sniffed; with 4 KiB chunks the head ends exactly at byte 65,536, inside 保 / 好.
    const header = 'session,role,text\n';
    const build = (encode: (s: string) => Buffer, char: string, charBytes: number) => {
      const rows: Buffer[] = [encode(header)];
      let size = rows[0]!.length;
      let n = 0;
      while (size < 60_000) {
        const row = encode(`s${n},customer,发票怎么开${n}\n`);
        rows.push(row);
        size += row.length;
        n++;
      }
      const prefix = encode(`s${n},customer,`);
      const pad = 65_536 - size - prefix.length - 1; // the cut character starts one byte before the head's end
      rows.push(prefix, encode('a'.repeat(pad)), encode(`${char}修多久\n`));
      const bytes = Buffer.concat(rows);
      assert.equal(bytes.subarray(65_535, 65_535 + charBytes).toString('hex'), encode(char).toString('hex'));
      return { bytes, last: `${'a'.repeat(pad)}${char}修多久`, rows: n + 1 };
    };
    const utf8 = build((s) => Buffer.from(s), '保', 3);
    const a = await read(utf8.bytes, 'big.csv', { size: 4096 });
    assert.deepEqual(a.problems, []);
    assert.equal(a.turns.length, utf8.rows);
    assert.equal(a.turns.at(-1)!.text, utf8.last);
    const gbk = build((s) => iconv.encode(s, 'gbk'), '好', 2);
    const b = await read(gbk.bytes, 'big.csv', { size: 4096 });
    assert.deepEqual(b.problems, []);
    assert.equal(b.turns.length, gbk.rows);
    assert.equal(b.turns.at(-1)!.text, gbk.last);
    assert.equal(b.turns[0]!.text, '发票怎么开0');
  });

  it('honours a forced encoding under any alias, and reports an unknown one', async () => {
    // Detection reads these bytes as Big5; forcing GBK (alias cp936) shows detection is bypassed.
    const bytes = iconv.encode('session,role,text\ns,customer,價格\n', 'big5');
    const forced = await read(bytes, 'a.csv', { encoding: 'BIG-5' });
    assert.deepEqual(forced.problems, []);
    assert.equal(forced.turns[0]!.text, '價格');
    const gbk = await read(bytes, 'a.csv', { encoding: 'cp936' });
    assert.equal(gbk.turns[0]!.text, iconv.decode(iconv.encode('價格', 'big5'), 'gbk'));
    const unknown = await read(bytes, 'a.csv', { encoding: 'shift-jis' });
    assert.deepEqual(unknown.turns, []);
    assert.deepEqual(
      unknown.problems.map((d) => [d.rule, d.file, d.params?.encoding]),
      [['unknown-encoding', 'a.csv', 'shift-jis']],
    );
  });

  it('reports binary input and corrupt gzip as one problem each, without throwing', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]), Buffer.alloc(64, 1)]);
    const bin = await read(zip, 'log.csv');
    assert.deepEqual(bin.turns, []);
    assert.deepEqual(bin.problems.map((d) => d.rule), ['binary-file']);
    const gz = gzipSync(Buffer.from(TRADITIONAL_JSONL));
    const cut = await read(gz.subarray(0, gz.length - 12), 'log.jsonl.gz');
    assert.deepEqual(cut.problems.map((d) => [d.rule, d.severity]), [['chatlog-read-failed', 'error']]);
  });

  it('warns once when bytes past the sniffed head are not valid in the detected encoding', async () => {
    // The first 64 KiB are ASCII, so the log is read as UTF-8; GBK rows come later.
    const head = Buffer.from(`session,role,text\n${Array.from({ length: 3000 }, (_, i) => `s${i},customer,invoice question ${i}\n`).join('')}`);
    const tail = iconv.encode('t1,customer,发票怎么开\nt2,customer,保修多久\n', 'gbk');
    assert.ok(head.length > 64 * 1024);
    const { turns, problems } = await read(Buffer.concat([head, tail]), 'mixed.csv', { size: 4096 });
    assert.equal(turns.length, 3002);
    assert.ok(turns.at(-1)!.text.includes('\uFFFD'));
    assert.deepEqual(
      problems.map((d) => [d.rule, d.severity, d.line, d.params?.encoding]),
      [['chatlog-invalid-bytes', 'warning', 3002, 'utf-8']],
    );
  });
});
