import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { groupSessions, readChatlog, type ChatlogRecord, type ChatSession } from '../../../src/read/chatlog.js';
import type { Diagnostic } from '../../../src/model/diagnostic.js';

async function collect(text: string | Buffer, name: string): Promise<ChatlogRecord[]> {
  const out: ChatlogRecord[] = [];
  for await (const r of readChatlog({ stream: Readable.from([Buffer.from(text)]), name })) out.push(r);
  return out;
}

async function sessions(text: string, name: string): Promise<{ sessions: ChatSession[]; problems: Diagnostic[] }> {
  const problems: Diagnostic[] = [];
  const out: ChatSession[] = [];
  for await (const s of groupSessions(readChatlog({ stream: Readable.from([Buffer.from(text)]), name }), (d) => problems.push(d))) out.push(s);
  return { sessions: out, problems };
}

test('reads JSONL turns with labels and Chinese roles', async () => {
  const recs = await collect(
    '{"session":"s1","turn":1,"role":"客户","text":"能开发票吗","label":"a"}\n\n{"session":"s1","turn":2,"role":"客服","text":"可以"}\n',
    'log.jsonl',
  );
  assert.equal(recs.length, 2);
  assert.deepEqual(recs[0], { kind: 'turn', turn: { session: 's1', turn: 1, role: 'customer', text: '能开发票吗', label: 'a', file: 'log.jsonl', line: 1 } });
  assert.equal(recs[1]!.kind === 'turn' && recs[1]!.turn.role, 'agent');
  assert.equal(recs[1]!.kind === 'turn' && recs[1]!.turn.line, 3);
});

test('bad JSONL lines become problems with file:line:field', async () => {
  const recs = await collect('{bad\n{"session":"s","role":"customer"}\n{"session":"s","role":"alien","text":"x"}\n[1]\n', 'x.jsonl');
  const probs = recs.filter((r) => r.kind === 'problem').map((r) => (r.kind === 'problem' ? [r.diagnostic.line, r.diagnostic.rule, r.diagnostic.field] : []));
  assert.deepEqual(probs, [
    [1, 'chatlog-bad-json', undefined],
    [2, 'chatlog-missing-field', 'text'],
    [3, 'chatlog-bad-role', 'role'],
    [4, 'chatlog-bad-json', undefined],
  ]);
});

test('reads CSV with Chinese header aliases and quoted newlines', async () => {
  const csv = '\uFEFF会话ID,轮次,角色,内容,标注\ns1,1,顾客,"你好\n在吗",__none__\ns1,2,机器人,您好,\ns2,1,买家,发票怎么开,a\n';
  const recs = await collect(csv, 'log.csv');
  const turns = recs.flatMap((r) => (r.kind === 'turn' ? [r.turn] : []));
  assert.equal(turns.length, 3);
  assert.equal(turns[0]!.text, '你好\n在吗');
  assert.equal(turns[0]!.label, '__none__');
  assert.equal(turns[1]!.role, 'bot');
  assert.equal(turns[1]!.label, undefined);
  assert.equal(turns[2]!.session, 's2');
  assert.equal(turns[2]!.line, 5);
});

test('CSV without a text column is one problem', async () => {
  const recs = await collect('session,role\ns,customer\n', 'a.csv');
  assert.equal(recs.length, 1);
  assert.equal(recs[0]!.kind === 'problem' && recs[0]!.diagnostic.field, 'text');
});

test('gzip input is accepted, by name or by magic bytes', async () => {
  const body = gzipSync(Buffer.from('{"session":"s","turn":1,"role":"customer","text":"hi","label":"x"}\n'));
  for (const name of ['log.jsonl.gz', '-']) {
    const recs = await collect(body, name);
    assert.equal(recs.length, 1, name);
    assert.equal(recs[0]!.kind, 'turn');
  }
});

test('stdin without a name sniffs CSV vs JSONL', async () => {
  const recs = await collect('session,turn,role,text\ns,1,customer,hi\n', '-');
  assert.equal(recs[0]!.kind === 'turn' && recs[0]!.turn.text, 'hi');
});

test('missing turn numbers count up per session', async () => {
  const recs = await collect('{"session":"a","role":"customer","text":"x"}\n{"session":"a","role":"customer","text":"y"}\n', 'l.jsonl');
  assert.deepEqual(recs.map((r) => (r.kind === 'turn' ? r.turn.turn : -1)), [1, 2]);
});

test('groups sessions and reports split sessions and backwards turns', async () => {
  const log = [
    { session: 'a', turn: 1, role: 'customer', text: 'x' },
    { session: 'a', turn: 2, role: 'agent', text: 'y' },
    { session: 'a', turn: 2, role: 'customer', text: 'dup' },
    { session: 'b', turn: 1, role: 'customer', text: 'z' },
    { session: 'a', turn: 3, role: 'customer', text: 'late' },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n');
  const { sessions: ss, problems } = await sessions(log, 'g.jsonl');
  assert.deepEqual(ss.map((s) => [s.session, s.turns.length]), [['a', 2], ['b', 1]]);
  assert.deepEqual(problems.map((p) => [p.line, p.rule]), [[3, 'chatlog-turn-order'], [5, 'chatlog-session-split']]);
});
