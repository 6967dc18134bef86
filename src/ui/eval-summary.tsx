/**
 * The eval summary for an interactive terminal: the same lines as the plain-text summary, coloured by
 * tone (title bold, passing gates green, failures red, notes dim).
 */
import React from 'react';
import { Box, Text, renderToString } from 'ink';
import type { Translate } from '../i18n/index.js';
import type { EvalResult } from '../eval/result.js';
import { summaryLines, type SummaryLine } from '../report/eval-text.js';

export function EvalSummary({ lines }: { lines: SummaryLine[] }): React.JSX.Element {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} bold={l.tone === 'title'} color={l.tone === 'good' ? 'green' : l.tone === 'bad' ? 'red' : undefined} dimColor={l.tone === 'dim'}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}

/** The summary as a string (ANSI colours when the terminal supports them). */
export function renderEvalSummaryString(result: EvalResult, t: Translate, columns = 120): string {
  return renderToString(<EvalSummary lines={summaryLines(result, t)} />, { columns });
}
