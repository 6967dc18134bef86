import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator } from '../../../src/i18n/index.js';
import { renderEvalSummaryString } from '../../../src/ui/eval-summary.js';
import { formatEvalText } from '../../../src/report/eval-text.js';
import { sampleResult } from './eval-sample.js';

test('the ink summary shows the same lines as the plain text', () => {
  const t = createTranslator('en');
  const r = sampleResult();
  const ink = renderEvalSummaryString(r, t, 200).replace(/\u001b\[[0-9;]*m/g, '');
  const plain = formatEvalText(r, t).trimEnd();
  assert.deepEqual(ink.split('\n').map((l) => l.trimEnd()), plain.split('\n'));
});
