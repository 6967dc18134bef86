import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMatcher, exportMatcherIndex, loadMatcherFromIndex } from '../../../src/match/index.js';
import { ENTRIES, LEXICON } from './fixture.js';

const tagged = ENTRIES.map((e) => (e.id === 'handoff.human' ? { ...e, tags: ['handoff'] } : e));
const complaint = {
  ...ENTRIES[0]!,
  id: 'handoff.complaint',
  question: '我要投诉',
  similar: ['投诉你们', '服务太差我要投诉', '怎么投诉'],
  tags: ['handoff', '投诉'],
};
const matcher = buildMatcher([...tagged, complaint], LEXICON);

test('a human request hands off through the handoff entry, with candidates kept', () => {
  const r = matcher.match('转人工');
  assert.equal(r.decision, 'handoff');
  assert.equal(r.handoffReason, 'human-request');
  assert.equal(r.entryId, 'handoff.human');
  assert.ok(r.candidates.length > 0);
  const other = matcher.match('不要机器人 给我找个真人');
  assert.equal(other.decision, 'handoff');
  assert.equal(other.entryId, 'handoff.human');
});

test('a human request whose words match no handoff entry still gets the knowledge base\'s 转人工 entry', () => {
  const r = matcher.match('机器人听不懂');
  assert.equal(r.decision, 'handoff');
  assert.equal(r.entryId, 'handoff.human');
});

test('a confident match of a handoff-tagged entry hands off with that entry', () => {
  const r = matcher.match('我要投诉');
  assert.equal(r.decision, 'handoff');
  assert.equal(r.handoffReason, 'handoff-entry');
  assert.equal(r.entryId, 'handoff.complaint');
  assert.equal(r.candidates[0]!.entryId, 'handoff.complaint');
});

test('without handoff-tagged entries a human request hands off with no entry', () => {
  const r = buildMatcher(ENTRIES, LEXICON).match('转人工');
  assert.equal(r.decision, 'handoff');
  assert.equal(r.entryId, undefined);
});

test('handoff flags survive serialization', () => {
  const loaded = loadMatcherFromIndex(JSON.parse(JSON.stringify(exportMatcherIndex(matcher))));
  for (const q of ['转人工', '我要投诉', '机器人听不懂']) assert.deepEqual(loaded.match(q), matcher.match(q), q);
});
