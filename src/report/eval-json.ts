/**
 * JSON eval result (schema: docs/eval-result.md). Always English, always `version: 1`; `turns` holds every
 * scored turn's outcome when the run recorded them.
 */
import type { EvalResult } from '../eval/result.js';

export function formatEvalJson(r: EvalResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
