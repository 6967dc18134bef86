/**
 * The editing rules of a one-line terminal input, as a pure function of the text, the cursor and one
 * chunk of keyboard input. The cursor counts code points, so a Chinese character or an emoji is one step.
 */

export interface LineState {
  text: string;
  /** Code points before the cursor, in [0, length]. */
  cursor: number;
}

/** The keys a chunk of input may carry (ink's `Key`, the fields this editor reads). */
export interface EditKey {
  return?: boolean;
  backspace?: boolean;
  delete?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  tab?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  escape?: boolean;
}

/**
 * Applies one chunk of input. Enter finishes the line (an empty one too: the caller decides what it
 * means); text with line breaks inside (a paste) finishes every line but the last, which stays in the
 * input. Backspace (either key code terminals send for it) deletes before the cursor; arrows move it.
 */
export interface LineEdit {
  next: LineState;
  /** Lines finished by this chunk, in order. */
  lines: string[];
  /** True when the chunk was Enter (its one line may be empty); false for lines a paste finished. */
  enter: boolean;
}

export function editLine(state: LineState, input: string, key: EditKey): LineEdit {
  const chars = [...state.text];
  const cursor = Math.max(0, Math.min(state.cursor, chars.length));
  if (key.return) return { next: { text: '', cursor: 0 }, lines: [state.text], enter: true };
  if (key.leftArrow) return { next: { text: state.text, cursor: Math.max(0, cursor - 1) }, lines: [], enter: false };
  if (key.rightArrow) return { next: { text: state.text, cursor: Math.min(chars.length, cursor + 1) }, lines: [], enter: false };
  if (key.backspace || key.delete) {
    if (cursor === 0) return { next: { text: state.text, cursor }, lines: [], enter: false };
    chars.splice(cursor - 1, 1);
    return { next: { text: chars.join(''), cursor: cursor - 1 }, lines: [], enter: false };
  }
  if (key.upArrow || key.downArrow || key.tab || key.ctrl || key.meta || key.escape || input === '') {
    return { next: { text: state.text, cursor }, lines: [], enter: false };
  }
  const inserted = [...chars.slice(0, cursor), ...input, ...chars.slice(cursor)].join('');
  const parts = inserted.split(/\r\n|\r|\n/);
  const rest = parts.pop()!;
  if (parts.length === 0) return { next: { text: inserted, cursor: cursor + [...input].length }, lines: [], enter: false };
  // A paste ends lines: what followed the cursor stays after the pasted text's last line.
  const tail = [...chars.slice(cursor)].length;
  return { next: { text: rest, cursor: Math.max(0, [...rest].length - tail) }, lines: parts, enter: false };
}
