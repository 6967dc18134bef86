import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { AskSessionView } from '../../../src/ui/ask-session.js';
import type { AskResult, AskSession } from '../../../src/commands/ask.js';
import type { SessionTurn } from '../../../src/match/types.js';
import { createTranslator } from '../../../src/i18n/index.js';

/** A session that hands off every turn and records what it was asked, with the context it had. */
function recordingSession(): AskSession & { asked: { text: string; context: number }[] } {
  const turns: SessionTurn[] = [];
  const asked: { text: string; context: number }[] = [];
  return {
    asked,
    turns,
    ask(text: string): AskResult {
      asked.push({ text, context: turns.length });
      turns.push({ role: 'customer', text });
      return { question: text, decision: 'handoff', handoffReason: 'low-confidence', confidence: 0, clarifyConfidence: 0, candidates: [], normalized: text, products: [], contextTurns: turns.length - 1 };
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

/** Waits until `ready()` holds (ink draws on its own schedule; a busy machine may take a while). */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !ready(); waited += 10) {
    if (waited > 5000) assert.fail(`timed out waiting for ${what}`);
    await tick();
  }
}

async function start(session: AskSession) {
  const ui = render(React.createElement(AskSessionView, { session, t: createTranslator('en') }));
  const frame = () => ui.lastFrame() ?? '';
  await until(() => frame().includes('Customer>'), 'the prompt');
  // The input listens from the first effect after the first frame.
  await tick();
  return { ui, frame };
}

test('turns typed and entered are asked in order, each with the earlier ones as context, and shown', async () => {
  const session = recordingSession();
  const { ui, frame } = await start(session);
  // Keys written back to back, faster than the screen is drawn, as a fast typist or a slow machine gives them.
  for (const chunk of ['拯救者Y9000P', '多少钱', '\r', '它能加内存吗', '\r']) ui.stdin.write(chunk);
  await until(() => session.asked.length === 2 && frame().includes('它能加内存吗'), 'both turns');
  assert.deepEqual(session.asked, [
    { text: '拯救者Y9000P多少钱', context: 0 },
    { text: '它能加内存吗', context: 1 },
  ]);
  assert.match(frame(), /Customer> 拯救者Y9000P多少钱\nDecision: hand off/);
  ui.unmount();
});

test('lines pasted (or typed ahead while loading) in one chunk are asked one by one, blank ones skipped', async () => {
  const session = recordingSession();
  const { ui, frame } = await start(session);
  ui.stdin.write('拯救者Y9000P多少钱\n\n它能加内存吗\n发');
  ui.stdin.write('票');
  ui.stdin.write('\r');
  await until(() => session.asked.length === 3, 'three turns');
  assert.deepEqual(
    session.asked.map((a) => a.text),
    ['拯救者Y9000P多少钱', '它能加内存吗', '发票'],
  );
  await until(() => frame().includes('Customer> 发票'), 'the last turn shown');
  ui.unmount();
});

test('Enter on an empty line ends the session', async () => {
  const session = recordingSession();
  const { ui } = await start(session);
  ui.stdin.write('\r');
  await tick();
  // Once ended, the session takes no more turns.
  ui.stdin.write('在吗\r');
  await tick();
  await tick();
  assert.deepEqual(session.asked, []);
  ui.unmount();
});
