#!/usr/bin/env node
// A bot runtime in a few lines: load a compiled bundle and answer customer turns, keeping each session's
// earlier turns as context.
//
//   npm run build && node bin/kbt.js build --workspace examples/pc-store   # or: kbt export
//   node examples/bot-runtime.mjs examples/pc-store/dist/pc-store.kbt 在吗 "装机要收费吗" "那显卡呢"
//
// In a project that depends on kbt, import from 'kbt' instead of the relative path.
import { loadBundle } from '../dist/src/index.js';

const [file = 'examples/pc-store/dist/pc-store.kbt', ...turns] = process.argv.slice(2);
const bundle = await loadBundle(file);
const { manifest } = bundle;
console.log(`${manifest.name} ${manifest.version}: ${manifest.counts.entries} entries (${manifest.contentHash.slice(0, 19)})`);

const session = [];
for (const text of turns.length > 0 ? turns : ['在吗', '装机要收费吗', '笔记本怎么加内存条', '转人工']) {
  const reply = bundle.answer(text, { session });
  const confidence = reply.confidence.toFixed(2);
  switch (reply.decision) {
    case 'answer':
    case 'tutorial': {
      // Tutorials can be long: a chat window shows the title and a link to the full steps.
      const entry = bundle.entry(reply.entryId);
      const shown = reply.decision === 'tutorial' ? `${entry.title ?? entry.question}（图文教程）` : reply.answer;
      console.log(`客户: ${text}\n机器人 [${reply.decision} ${reply.entryId} ${confidence}]: ${shown}`);
      for (const m of bundle.mediaOf(reply.entryId)) console.log(`  附件 ${m.key} (${m.mime}, ${m.size} B)`);
      break;
    }
    case 'clarify':
      console.log(`客户: ${text}\n机器人 [clarify ${confidence}]: 您想问的是哪一个？${reply.candidates.slice(0, 3).map((c, i) => `\n  ${i + 1}. ${c.question}`).join('')}`);
      break;
    default:
      console.log(`客户: ${text}\n机器人 [handoff: ${reply.handoffReason ?? 'low-confidence'}]: 正在为您转接人工客服…`);
  }
  session.push({ role: 'customer', text });
}
bundle.close();
