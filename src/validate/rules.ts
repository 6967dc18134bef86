/**
 * Lint rules over a list of entries. Pure: entries in, diagnostics out. Rules that need the disk (media
 * files) live in `src/workspace/media.ts`; rules that need the merged layers live in `src/merge/`.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { answerText, type Entry } from '../model/types.js';
import { phrasingKey } from './phrasing-key.js';

/** Named limits; each is documented where a user can tune it. */
export const RULE_DEFAULTS = {
  /** Fewer phrasings (standard + similar + triggers) than this is a warning. Default 3. */
  minPhrasings: 3,
  /** Answers longer than this many characters are a warning (bots show short answers). Default 1000. */
  maxAnswerChars: 1000,
} as const;

export interface RuleOptions {
  minPhrasings?: number;
  maxAnswerChars?: number;
}

function at(entry: Entry, line?: number): Pick<Diagnostic, 'file' | 'line' | 'entryId'> {
  return { file: entry.source.file, line: line ?? entry.source.line, entryId: entry.id };
}

export function checkRequiredFields(entries: readonly Entry[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of entries) {
    if (!e.question.trim()) {
      out.push({ severity: 'error', rule: 'missing-question', message: 'rule.missingQuestion', field: 'question', ...at(e) });
    }
    const text = answerText(e.answer).trim();
    if (!text && !(e.kind === 'tutorial' && e.body?.trim())) {
      out.push({ severity: 'error', rule: 'missing-answer', message: 'rule.missingAnswer', field: 'answer', ...at(e) });
    }
  }
  return out;
}

export function checkDuplicateIds(entries: readonly Entry[]): Diagnostic[] {
  const first = new Map<string, Entry>();
  const out: Diagnostic[] = [];
  for (const e of entries) {
    const prev = first.get(e.id);
    if (!prev) {
      first.set(e.id, e);
      continue;
    }
    out.push({
      severity: 'error',
      rule: 'duplicate-id',
      message: 'rule.duplicateId',
      params: { id: e.id, other: `${prev.source.file}:${prev.source.line ?? '?'}` },
      field: 'id',
      ...at(e),
    });
  }
  return out;
}

interface PhrasingSite {
  entry: Entry;
  text: string;
  line?: number;
}

function sitesOf(e: Entry): PhrasingSite[] {
  const sites: PhrasingSite[] = [{ entry: e, text: e.question, line: e.source.line }];
  e.similar.forEach((text, i) => sites.push({ entry: e, text, line: e.similarLines?.[i] ?? e.source.line }));
  for (const text of e.triggers ?? []) sites.push({ entry: e, text, line: e.source.line });
  return sites;
}

/**
 * The same phrasing under two entries, after folding width, case, 繁/简 and punctuation: the matcher could
 * not tell them apart, so one of them would never win.
 */
export function checkDuplicatePhrasings(entries: readonly Entry[]): Diagnostic[] {
  const owner = new Map<string, PhrasingSite>();
  const out: Diagnostic[] = [];
  for (const e of entries) {
    for (const site of sitesOf(e)) {
      const key = phrasingKey(site.text);
      if (!key) continue;
      const prev = owner.get(key);
      if (prev && prev.entry.id !== e.id) {
        out.push({
          severity: 'error',
          rule: 'duplicate-phrasing',
          message: 'rule.duplicatePhrasing',
          params: { text: site.text, other: prev.entry.id, otherAt: `${prev.entry.source.file}:${prev.line ?? '?'}` },
          field: 'similar',
          ...at(e, site.line),
        });
      } else if (!prev) {
        owner.set(key, site);
      }
    }
  }
  return out;
}

export function checkPhrasingQuality(entries: readonly Entry[], options: RuleOptions = {}): Diagnostic[] {
  const minPhrasings = options.minPhrasings ?? RULE_DEFAULTS.minPhrasings;
  const out: Diagnostic[] = [];
  for (const e of entries) {
    const total = 1 + e.similar.length + (e.triggers?.length ?? 0);
    if (total < minPhrasings) {
      out.push({
        severity: 'warning',
        rule: 'few-phrasings',
        message: 'rule.fewPhrasings',
        params: { count: total, min: minPhrasings },
        field: 'similar',
        ...at(e),
      });
    }
    const q = phrasingKey(e.question);
    const seen = new Set<string>();
    e.similar.forEach((s, i) => {
      const key = phrasingKey(s);
      const line = e.similarLines?.[i] ?? e.source.line;
      if (key === q) {
        out.push({ severity: 'warning', rule: 'similar-equals-question', message: 'rule.similarEqualsQuestion', params: { text: s }, field: 'similar', ...at(e, line) });
      } else if (seen.has(key)) {
        out.push({ severity: 'warning', rule: 'repeated-similar', message: 'rule.repeatedSimilar', params: { text: s }, field: 'similar', ...at(e, line) });
      }
      seen.add(key);
    });
  }
  return out;
}

export function checkAnswerLength(entries: readonly Entry[], options: RuleOptions = {}): Diagnostic[] {
  const max = options.maxAnswerChars ?? RULE_DEFAULTS.maxAnswerChars;
  const out: Diagnostic[] = [];
  for (const e of entries) {
    if (e.kind === 'tutorial') continue; // tutorial bodies are long by nature
    const length = answerText(e.answer).length;
    if (length > max) {
      out.push({ severity: 'warning', rule: 'long-answer', message: 'rule.longAnswer', params: { length, max }, field: 'answer', ...at(e) });
    }
  }
  return out;
}

/** Every entry-level rule, in a stable order. */
export function lintEntries(entries: readonly Entry[], options: RuleOptions = {}): Diagnostic[] {
  return [
    ...checkRequiredFields(entries),
    ...checkDuplicateIds(entries),
    ...checkDuplicatePhrasings(entries),
    ...checkPhrasingQuality(entries, options),
    ...checkAnswerLength(entries, options),
  ];
}
