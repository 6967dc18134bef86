import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editLine, type LineState } from '../../../src/ui/line-edit.js';

/** Feeds chunks (strings, or key names) to the editor from an empty line; returns the end state and every line finished. */
function feed(chunks: (string | { key: 'return' | 'backspace' | 'delete' | 'leftArrow' | 'rightArrow' | 'upArrow' })[]) {
  let state: LineState = { text: '', cursor: 0 };
  const finished: { line: string; enter: boolean }[] = [];
  for (const c of chunks) {
    const r = typeof c === 'string' ? editLine(state, c, {}) : editLine(state, '', { [c.key]: true });
    state = r.next;
    for (const line of r.lines) finished.push({ line, enter: r.enter });
  }
  return { state, finished };
}

test('typing inserts at the cursor; Enter finishes the line and empties the input', () => {
  const { state, finished } = feed(['拯救者', 'Y9000P', '能加内存吗', { key: 'return' }, '发']);
  assert.deepEqual(finished, [{ line: '拯救者Y9000P能加内存吗', enter: true }]);
  assert.deepEqual(state, { text: '发', cursor: 1 });
});

test('Enter on an empty input finishes an empty line (the session decides it means "end")', () => {
  assert.deepEqual(feed([{ key: 'return' }]).finished, [{ line: '', enter: true }]);
});

test('arrows move by characters, not UTF-16 units, and backspace deletes before the cursor', () => {
  // 😊 is two UTF-16 units: one step of the cursor, one backspace.
  const { state } = feed(['发票😊吗', { key: 'leftArrow' }, { key: 'backspace' }, { key: 'leftArrow' }, { key: 'leftArrow' }, '的']);
  assert.deepEqual(state, { text: '的发票吗', cursor: 1 });
  // Either code a terminal sends for backspace deletes backwards; at the start nothing happens.
  assert.deepEqual(feed(['ab', { key: 'delete' }]).state, { text: 'a', cursor: 1 });
  assert.deepEqual(feed(['ab', { key: 'leftArrow' }, { key: 'leftArrow' }, { key: 'leftArrow' }, { key: 'backspace' }]).state, { text: 'ab', cursor: 0 });
  assert.deepEqual(feed(['ab', { key: 'rightArrow' }, { key: 'upArrow' }]).state, { text: 'ab', cursor: 2 });
});

test('a paste with line breaks finishes each line; the last stays in the input with the text after the cursor', () => {
  const { state, finished } = feed(['尾巴', { key: 'leftArrow' }, { key: 'leftArrow' }, '在吗\r\n\n发票怎么开\r开']);
  assert.deepEqual(finished, [
    { line: '在吗', enter: false },
    { line: '', enter: false },
    { line: '发票怎么开', enter: false },
  ]);
  assert.deepEqual(state, { text: '开尾巴', cursor: 1 });
});
