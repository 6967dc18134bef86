/** One turn of a labeled chat log (JSONL or CSV). */
export type Role = 'customer' | 'agent' | 'bot';

export interface ChatTurn {
  session: string;
  turn: number;
  role: Role;
  text: string;
  /** An entry id, `__none__`, or absent (unlabeled turns feed session context only). */
  label?: string;
  /** Where the turn was read, for messages. */
  file: string;
  line: number;
}
