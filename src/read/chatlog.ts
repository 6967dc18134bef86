/**
 * Streaming reader for labeled chat logs (JSONL or CSV, optionally gzip-compressed). Records are parsed one
 * at a time so a log of millions of turns never sits in memory whole. Problems come back as diagnostics
 * with file:line:field so a run can list every bad line at once.
 */
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable, type Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import type { ChatTurn, Role } from '../model/chatlog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { ENCODING_NAMES_FOR_HINT, resolveEncodingName, sniffEncoding, type TextEncodingName } from './encoding.js';

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
  會話: 'session',
  會話id: 'session',
  會話編號: 'session',
  turn: 'turn',
  轮次: 'turn',
  輪次: 'turn',
  role: 'role',
  角色: 'role',
  text: 'text',
  内容: 'text',
  文本: 'text',
  內容: 'text',
  label: 'label',
  标注: 'label',
  标签: 'label',
  標注: 'label',
  標註: 'label',
  標籤: 'label',
};

const ROLE_ALIASES: Record<string, Role> = {
  customer: 'customer',
  客户: 'customer',
  顾客: 'customer',
  买家: 'customer',
  客戶: 'customer',
  顧客: 'customer',
  買家: 'customer',
  agent: 'agent',
  客服: 'agent',
  人工: 'agent',
  bot: 'bot',
  机器人: 'bot',
  機器人: 'bot',
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

/** Bytes gathered from the start of a log before its encoding is picked. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Reads at least `min` bytes (or the whole stream when shorter) and returns them with a stream that
 * yields every byte again, the peeked ones first. `complete` is true when the head is the whole stream.
 */
async function peek(stream: Readable, min: number): Promise<{ stream: Readable; head: Buffer; complete: boolean }> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let complete = false;
  while (size < min) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? (next.value as Buffer) : Buffer.from(next.value as string);
    chunks.push(chunk);
    size += chunk.length;
  }
  const pass = new PassThrough();
  // Feed the peeked chunks back, then the rest, honouring backpressure.
  void (async () => {
    try {
      for (const chunk of chunks) if (!pass.write(chunk)) await new Promise((r) => pass.once('drain', r));
      while (!complete) {
        const next = await iterator.next();
        if (next.done) break;
        if (!pass.write(next.value as Buffer)) await new Promise((r) => pass.once('drain', r));
      }
      pass.end();
    } catch (err) {
      pass.destroy(err as Error);
    }
  })();
  return { stream: pass, head: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), complete };
}

/** Decompresses gzip input (told by its magic bytes, or by a `.gz` name when empty); returns plain bytes and their head. */
async function unwrap(stream: Readable, name: string): Promise<{ stream: Readable; head: Buffer; complete: boolean }> {
  const raw = await peek(stream, SNIFF_BYTES);
  const gz = raw.head.length >= 2 && raw.head[0] === 0x1f && raw.head[1] === 0x8b;
  if (!gz && !(/\.gz$/i.test(name) && raw.head.length === 0)) return raw;
  const gunzip = createGunzip();
  raw.stream.on('error', (e) => gunzip.destroy(e));
  raw.stream.pipe(gunzip);
  return peek(gunzip, SNIFF_BYTES);
}

/** A problem with the whole file, reported on line 1 (nothing of it is read). */
function fileProblem(file: string, rule: string, message: string, params: Record<string, string | number>): ChatlogRecord {
  return { kind: 'problem', diagnostic: { severity: 'error', rule, message, params, file, line: 1 } };
}

/**
 * Streams the turns of one chat log. `name` is the path shown in messages (or `-` for stdin); the format
 * comes from its extension, or, when it has none, from the first character (`{` means JSONL). The
 * encoding is detected from the first 64 KiB (after gunzip) the way `kbt import` detects it, unless
 * `encoding` forces one; UTF-8 goes to the parsers as bytes, other encodings through a streaming decoder.
 */
export async function* readChatlog(input: { stream: Readable; name: string; format?: ChatlogFormat; encoding?: string }): AsyncGenerator<ChatlogRecord> {
  const file = input.name;
  let forced: TextEncodingName | undefined;
  if (input.encoding !== undefined) {
    forced = resolveEncodingName(input.encoding);
    if (!forced) {
      input.stream.destroy();
      yield fileProblem(file, 'unknown-encoding', 'read.unknownEncoding', { encoding: input.encoding, supported: ENCODING_NAMES_FOR_HINT });
      return;
    }
  }
  let unwrapped: Awaited<ReturnType<typeof unwrap>>;
  try {
    unwrapped = await unwrap(input.stream, file);
  } catch (err) {
    // Unreadable or corrupt compressed input: one problem, not a crash.
    yield fileProblem(file, 'chatlog-read-failed', 'chatlog.readFailed', { detail: (err as Error).message });
    return;
  }
  const { stream, head, complete } = unwrapped;
  const { encoding, bomLength } = sniffEncoding(head, { partial: !complete, ...(forced ? { encoding: forced } : {}) });
  if (encoding === 'binary') {
    stream.resume();
    yield fileProblem(file, 'binary-file', 'read.binaryFile', {});
    return;
  }
  let source: Readable = stream;
  let start = head.subarray(0, 64).toString('utf8');
  if (encoding !== 'utf-8') {
    // iconv-lite drops the byte-order mark of the encoding it decodes.
    const decoder = iconv.decodeStream(encoding) as unknown as Transform;
    stream.on('error', (e) => decoder.destroy(e));
    source = stream.pipe(decoder);
    start = iconv.decode(head.subarray(bomLength, bomLength + 64), encoding);
  }
  const format = input.format ?? formatFromName(file) ?? (start.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'jsonl' : 'csv');
  const counters = new Map<string, number>();
  const autoTurn = (session: unknown) => () => {
    const key = String(session);
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  const watch = watchReplacement(file, encoding);
  if (format === 'jsonl') yield* readJsonl(source, file, autoTurn, watch.check);
  else yield* readCsv(source, file, autoTurn, watch.check);
  const warning = watch.warning();
  if (warning) yield warning;
}

/**
 * Bytes the encoding cannot map become U+FFFD. One warning per file, on the first turn holding one,
 * points at `--encoding`: detection saw only the start of the file, so the rest may be in another.
 */
function watchReplacement(file: string, encoding: TextEncodingName): { check: TurnCheck; warning: () => ChatlogRecord | undefined } {
  let line: number | undefined;
  return {
    check: (turn) => {
      if (line === undefined && (turn.text.includes('\uFFFD') || turn.session.includes('\uFFFD') || turn.label?.includes('\uFFFD'))) line = turn.line;
    },
    warning: () =>
      line === undefined ? undefined : { kind: 'problem', diagnostic: { severity: 'warning', rule: 'chatlog-invalid-bytes', message: 'chatlog.invalidBytes', params: { encoding }, file, line } },
  };
}

/** Looks at every turn read, e.g. for replacement characters. */
type TurnCheck = (turn: ChatTurn) => void;

function toRecord(turn: ChatTurn | ChatlogRecord, check: TurnCheck): ChatlogRecord {
  if ('kind' in turn) return turn;
  check(turn);
  return { kind: 'turn', turn };
}

async function* readJsonl(stream: Readable, file: string, autoTurn: (s: unknown) => () => number, check: TurnCheck): AsyncGenerator<ChatlogRecord> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
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
      yield toRecord(toChatTurn(raw, file, line, autoTurn(raw.session)), check);
    }
  } catch (err) {
    // A stream that fails part-way (a truncated gzip member, a read error) ends the file with one problem.
    yield problem(file, line, 'chatlog-read-failed', 'chatlog.readFailed', { detail: (err as Error).message });
  }
}

async function* readCsv(stream: Readable, file: string, autoTurn: (s: unknown) => () => number, check: TurnCheck): AsyncGenerator<ChatlogRecord> {
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
      yield toRecord(toChatTurn(raw, file, info.lines, autoTurn(raw.session)), check);
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
