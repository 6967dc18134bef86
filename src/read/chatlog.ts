/**
 * Streaming reader for labeled chat logs (JSONL or CSV, optionally gzip-compressed). Records are parsed one
 * at a time so a log of millions of turns never sits in memory whole. Problems come back as diagnostics
 * with file:line:field so a run can list every bad line at once.
 */
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import type { ChatTurn, Role } from '../model/chatlog.js';
import type { Diagnostic } from '../model/diagnostic.js';

export type ChatlogFormat = 'jsonl' | 'csv';

/** What the reader yields: a turn, or a problem with one line. */
export type ChatlogRecord = { kind: 'turn'; turn: ChatTurn } | { kind: 'problem'; diagnostic: Diagnostic };

/** Field aliases (header names in CSV, keys in JSONL), matched case-insensitively after trimming. */
const FIELD_ALIASES: Record<string, keyof RawFields> = {
  session: 'session',
  session_id: 'session',
  sessionid: 'session',
  会话: 'session',
  会话id: 'session',
  会话编号: 'session',
  turn: 'turn',
  轮次: 'turn',
  role: 'role',
  角色: 'role',
  text: 'text',
  内容: 'text',
  文本: 'text',
  label: 'label',
  标注: 'label',
  标签: 'label',
};

const ROLE_ALIASES: Record<string, Role> = {
  customer: 'customer',
  客户: 'customer',
  顾客: 'customer',
  买家: 'customer',
  agent: 'agent',
  客服: 'agent',
  人工: 'agent',
  bot: 'bot',
  机器人: 'bot',
};

interface RawFields {
  session?: unknown;
  turn?: unknown;
  role?: unknown;
  text?: unknown;
  label?: unknown;
}

/** Maps a header or key to its canonical field, or undefined for columns kbt ignores. */
export function canonicalField(name: string): keyof RawFields | undefined {
  return FIELD_ALIASES[name.replace(/^\uFEFF/, '').trim().toLowerCase()];
}

/** Maps a role value (English or Chinese) to a role, or undefined when unknown. */
export function canonicalRole(value: string): Role | undefined {
  return ROLE_ALIASES[value.trim().toLowerCase()];
}

/** Format from the file name (`.gz` stripped); undefined when the extension says nothing. */
export function formatFromName(name: string): ChatlogFormat | undefined {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson') || base.endsWith('.json')) return 'jsonl';
  if (base.endsWith('.csv') || base.endsWith('.tsv')) return 'csv';
  return undefined;
}

function problem(file: string, line: number, rule: string, message: string, params: Record<string, string | number>, field?: string): ChatlogRecord {
  return { kind: 'problem', diagnostic: { severity: 'error', rule, message, params, file, line, field } };
}

/**
 * Turns one raw record into a turn, or a problem. `turn` may be missing: the reader numbers such turns in
 * file order within their session, which keeps hand-written logs short.
 */
export function toChatTurn(raw: RawFields, file: string, line: number, autoTurn: () => number): ChatTurn | ChatlogRecord {
  const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const session = str(raw.session)?.trim();
  if (!session) return problem(file, line, 'chatlog-missing-field', 'chatlog.missingField', { field: 'session' }, 'session');
  const roleText = str(raw.role);
  if (roleText === undefined || roleText.trim() === '') return problem(file, line, 'chatlog-missing-field', 'chatlog.missingField', { field: 'role' }, 'role');
  const role = canonicalRole(roleText);
  if (!role) return problem(file, line, 'chatlog-bad-role', 'chatlog.badRole', { value: roleText }, 'role');
  const text = str(raw.text);
  if (text === undefined || text.trim() === '') return problem(file, line, 'chatlog-missing-field', 'chatlog.missingField', { field: 'text' }, 'text');
  let turn: number;
  const turnText = str(raw.turn)?.trim();
  if (turnText === undefined || turnText === '') turn = autoTurn();
  else {
    turn = Number(turnText);
    if (!Number.isInteger(turn) || turn < 0) return problem(file, line, 'chatlog-bad-turn', 'chatlog.badTurn', { value: turnText }, 'turn');
  }
  const label = str(raw.label)?.trim();
  const out: ChatTurn = { session, turn, role, text, file, line };
  if (label) out.label = label;
  return out;
}

function remap(obj: Record<string, unknown>): RawFields {
  const out: RawFields = {};
  for (const [k, v] of Object.entries(obj)) {
    const f = canonicalField(k);
    if (f && out[f] === undefined) out[f] = v;
  }
  return out;
}

/** Reads the first bytes to tell gzip apart, then returns a stream of plain bytes plus the first chunk. */
async function unwrap(stream: Readable, name: string): Promise<{ stream: Readable; head: string }> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  const pass = new PassThrough();
  const firstChunk: Buffer | undefined = first.done ? undefined : Buffer.from(first.value as Buffer);
  // Feed the peeked chunk back, then the rest, honouring backpressure.
  void (async () => {
    try {
      if (firstChunk && !pass.write(firstChunk)) await new Promise((r) => pass.once('drain', r));
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        if (!pass.write(next.value as Buffer)) await new Promise((r) => pass.once('drain', r));
      }
      pass.end();
    } catch (err) {
      pass.destroy(err as Error);
    }
  })();
  const gz = firstChunk !== undefined && firstChunk.length >= 2 && firstChunk[0] === 0x1f && firstChunk[1] === 0x8b;
  if (gz || (/\.gz$/i.test(name) && firstChunk === undefined)) {
    const gunzip = createGunzip();
    pass.on('error', (e) => gunzip.destroy(e));
    pass.pipe(gunzip);
    // The head of the decompressed text is only needed to sniff the format when the name says nothing.
    return { stream: gunzip, head: '' };
  }
  return { stream: pass, head: firstChunk ? firstChunk.subarray(0, 64).toString('utf8') : '' };
}

/**
 * Streams the turns of one chat log. `name` is the path shown in messages (or `-` for stdin); the format
 * comes from its extension, or, when it has none, from the first character (`{` means JSONL).
 */
export async function* readChatlog(input: { stream: Readable; name: string; format?: ChatlogFormat }): AsyncGenerator<ChatlogRecord> {
  const { stream, head } = await unwrap(input.stream, input.name);
  let format = input.format ?? formatFromName(input.name);
  let source: Readable = stream;
  if (!format) {
    if (head) format = head.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'jsonl' : 'csv';
    else {
      // Compressed input without a telling name: peek at the decompressed text.
      const peeked = await unwrap(stream, '');
      source = peeked.stream;
      format = peeked.head.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'jsonl' : 'csv';
    }
  }
  const counters = new Map<string, number>();
  const autoTurn = (session: unknown) => () => {
    const key = String(session);
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  if (format === 'jsonl') yield* readJsonl(source, input.name, autoTurn);
  else yield* readCsv(source, input.name, autoTurn);
}

async function* readJsonl(stream: Readable, file: string, autoTurn: (s: unknown) => () => number): AsyncGenerator<ChatlogRecord> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const rawLine of lines) {
    line++;
    const text = line === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (text.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (err) {
      yield problem(file, line, 'chatlog-bad-json', 'chatlog.badJson', { detail: (err as Error).message });
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      yield problem(file, line, 'chatlog-bad-json', 'chatlog.notObject', {});
      continue;
    }
    const raw = remap(obj as Record<string, unknown>);
    const turn = toChatTurn(raw, file, line, autoTurn(raw.session));
    yield 'kind' in turn ? turn : { kind: 'turn', turn };
  }
}

async function* readCsv(stream: Readable, file: string, autoTurn: (s: unknown) => () => number): AsyncGenerator<ChatlogRecord> {
  const delimiter = /\.tsv(\.gz)?$/i.test(file) ? '\t' : ',';
  let header: (keyof RawFields | undefined)[] | undefined;
  const parser = parseCsv({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true });
  stream.on('error', (e) => parser.destroy(e));
  stream.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (!header) {
        header = record.map((h) => canonicalField(h));
        for (const required of ['session', 'role', 'text'] as const) {
          if (!header.includes(required)) yield problem(file, info.lines, 'chatlog-missing-column', 'chatlog.missingColumn', { field: required }, required);
        }
        if (!header.includes('session') || !header.includes('role') || !header.includes('text')) return;
        continue;
      }
      const raw: RawFields = {};
      header.forEach((f, i) => {
        if (f && raw[f] === undefined) raw[f] = record[i];
      });
      const turn = toChatTurn(raw, file, info.lines, autoTurn(raw.session));
      yield 'kind' in turn ? turn : { kind: 'turn', turn };
    }
  } catch (err) {
    const e = err as Error & { lines?: number };
    yield problem(file, e.lines ?? 0, 'chatlog-bad-csv', 'chatlog.badCsv', { detail: e.message });
  }
}

/** A session's turns in order, as the scorer sees them. */
export interface ChatSession {
  file: string;
  session: string;
  turns: ChatTurn[];
}

/**
 * Groups a turn stream into sessions. Logs must keep each session's turns together with ascending `turn`
 * numbers; a session that comes back after another one started, or a turn number that goes backwards, is
 * reported (the offending turn is dropped, the rest of the run goes on).
 */
export async function* groupSessions(records: AsyncIterable<ChatlogRecord>, onProblem: (d: Diagnostic) => void): AsyncGenerator<ChatSession> {
  let current: ChatSession | undefined;
  const closed = new Set<string>();
  for await (const rec of records) {
    if (rec.kind === 'problem') {
      onProblem(rec.diagnostic);
      continue;
    }
    const t = rec.turn;
    if (current && current.session === t.session && current.file === t.file) {
      const prev = current.turns[current.turns.length - 1]!;
      if (t.turn <= prev.turn) {
        onProblem({ severity: 'error', rule: 'chatlog-turn-order', message: 'chatlog.turnOrder', params: { session: t.session, turn: t.turn, previous: prev.turn }, file: t.file, line: t.line, field: 'turn' });
        continue;
      }
      current.turns.push(t);
      continue;
    }
    if (current) {
      closed.add(`${current.file}\u0000${current.session}`);
      yield current;
    }
    if (closed.has(`${t.file}\u0000${t.session}`)) {
      onProblem({ severity: 'error', rule: 'chatlog-session-split', message: 'chatlog.sessionSplit', params: { session: t.session }, file: t.file, line: t.line, field: 'session' });
      current = undefined;
      continue;
    }
    current = { file: t.file, session: t.session, turns: [t] };
  }
  if (current) yield current;
}
