/**
 * Interactive `kbt ask`: type customer turns one after another; each shows its decision and explanation,
 * and earlier turns stay in the session as context (so "那这个呢" follows the previous topic).
 */
import React, { useState } from 'react';
import { Box, Text, render, useApp } from 'ink';
import type { Translate } from '../i18n/index.js';
import type { AskResult, AskSession } from '../commands/ask.js';
import { formatAsk } from '../commands/ask.js';
import { LineInput } from './line-input.js';

const DECISION_COLOR: Record<AskResult['decision'], string> = {
  answer: 'green',
  tutorial: 'cyan',
  clarify: 'yellow',
  handoff: 'red',
};

export function AskSessionView({ session, t }: { session: AskSession; t: Translate }): React.JSX.Element {
  const { exit } = useApp();
  const [history, setHistory] = useState<AskResult[]>([]);
  // Enter on an empty input ends the session; blank lines inside a paste are skipped.
  const onLine = (line: string, enter: boolean) => {
    const q = line.trim();
    if (!q) {
      if (enter) exit();
      return;
    }
    const result = session.ask(q);
    setHistory((h) => [...h, result]);
  };
  return (
    <Box flexDirection="column">
      <Text dimColor>{t('ask.interactiveHint')}</Text>
      {history.map((r, i) => (
        <Box key={i} flexDirection="column" marginTop={1}>
          <Text bold>
            {t('ask.prompt')}
            {r.question}
          </Text>
          <Text color={DECISION_COLOR[r.decision]}>{formatAsk(r, t, true).trimEnd()}</Text>
        </Box>
      ))}
      <Box marginTop={1}>
        <Text bold>{t('ask.prompt')}</Text>
        <LineInput onLine={onLine} />
      </Box>
    </Box>
  );
}

/** Runs the session until an empty line or Ctrl+C. */
export async function runAskSessionUi(session: AskSession, t: Translate): Promise<void> {
  const app = render(<AskSessionView session={session} t={t} />);
  await app.waitUntilExit();
}
