/**
 * A one-line text input for terminal sessions. Its text and cursor live in a ref updated on every key, so
 * keys that arrive faster than the screen is drawn (a paste split into chunks, Enter right after the last
 * character, keys typed while the knowledge base was loading) always edit the latest text: an input that
 * edits the text of its last render would drop or repeat them.
 */
import React, { useRef, useState } from 'react';
import { Text, useInput } from 'ink';
import { editLine, type LineState } from './line-edit.js';

export interface LineInputProps {
  /**
   * Called with each finished line, in order: `enter` when the user pressed Enter (the line may be empty),
   * false for a line that a line break inside pasted text finished.
   */
  onLine(line: string, enter: boolean): void;
}

export function LineInput({ onLine }: LineInputProps): React.JSX.Element {
  const state = useRef<LineState>({ text: '', cursor: 0 });
  // Only to redraw; the ref is the truth.
  const [, setShown] = useState<LineState>(state.current);
  useInput((input, key) => {
    const { next, lines, enter } = editLine(state.current, input, key);
    state.current = next;
    setShown(next);
    for (const line of lines) onLine(line, enter);
  });
  const { text, cursor } = state.current;
  const chars = [...text];
  const before = chars.slice(0, cursor).join('');
  const at = chars[cursor] ?? ' ';
  const after = chars.slice(cursor + 1).join('');
  return (
    <Text>
      {before}
      <Text inverse>{at}</Text>
      {after}
    </Text>
  );
}
