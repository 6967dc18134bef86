/**
 * Turning ranked candidates into a decision. Pure functions over the candidates and a few facts about the
 * turn; the thresholds come from kbt.yaml.
 */
import type { Thresholds } from '../model/config.js';
import type { Decision, DecisionRule, HandoffReason } from './types.js';

// Also the hurried and the angry forms: 转人吧, 别机器人了, 找个人跟我说, 叫你们经理来.
const HUMAN_REQUEST =
  /转人工|人工客服|人工服务|人工坐席|真人客服|(?:找|要|叫|转|接|换|给我)(?:个|一个|位)?(?:人工|真人|活人|客服)|转人(?:$|[吧啊呀呗嘛了!?])|(?:找|叫|换)(?:个|一个)?(?:人|活人)(?:跟|和|给)我(?:说|聊|讲)|(?:叫|找|要)(?:你们)?(?:的)?(?:经理|主管|领导)|不要机器人|别(?:再)?(?:用|让|跟我)?机器人|不想(?:跟|和)机器人|机器人.{0,4}(?:听不懂|没用)/;

/** An explicit request for a person (转人工, 人工客服, 找真人, …), over normalized text. */
export function isHumanRequest(normalized: string): boolean {
  return HUMAN_REQUEST.test(normalized);
}

const HOW_TO =
  /(?:怎么|怎样|如何|咋|怎么样)(?:才能|能|去|来|给|把)?.{0,6}?(?:装|安装|设置|配置|连接|连|设定|激活|升级|更新|重装|调|刷|弄|用|使用|操作|开启|打开|绑定|配对|组装)|教程|步骤|教我|教一下|装机|安装|设置方法|说明书|指南/;

/** A how-to-install or set-up question (怎么装, 如何安装, 怎么设置, 教程), over normalized text. */
export function isHowTo(normalized: string): boolean {
  return HOW_TO.test(normalized);
}

export interface DecisionInput {
  /** Candidates' confidences, best first, with their entry kinds. */
  candidates: readonly { confidence: number; kind: 'faq' | 'tutorial'; handoff?: boolean; outOfScope?: boolean }[];
  /**
   * Chance that a clarification offers the right entry (see `MatchResult.clarifyConfidence`). Default: the
   * first candidate's confidence.
   */
  clarifyConfidence?: number;
  humanRequest: boolean;
  howTo: boolean;
  /** Fraction of the question's content weight the knowledge base has never seen, in [0, 1]. */
  unknownShare: number;
  empty: boolean;
}

export interface DecisionOutput {
  decision: Decision;
  /**
   * Index of the chosen candidate: the entry answered for `answer` / `tutorial`, the handoff entry whose
   * answer the bot says while transferring for `handoff`.
   */
  chosen?: number;
  handoffReason?: HandoffReason;
  rule: DecisionRule;
}

export function decide(
  input: DecisionInput,
  t: Thresholds,
  o: { tutorialSlack: number; outOfScopeUnknown: number },
): DecisionOutput {
  if (input.empty) return { decision: 'handoff', handoffReason: 'empty', rule: 'empty' };
  if (input.humanRequest) {
    const i = input.candidates.findIndex((c) => c.handoff === true);
    return i >= 0
      ? { decision: 'handoff', handoffReason: 'human-request', chosen: i, rule: 'human-request' }
      : { decision: 'handoff', handoffReason: 'human-request', rule: 'human-request' };
  }
  const top = input.candidates[0];
  // The question is most like one the knowledge base was told not to answer (天气, 股票): whatever the
  // confidence, nothing else is a better reply than handing off with that entry's words.
  if (top?.outOfScope) return { decision: 'handoff', handoffReason: 'out-of-scope', chosen: 0, rule: 'out-of-scope-entry' };
  if (!top || (input.clarifyConfidence ?? top.confidence) < t.suggest) {
    return {
      decision: 'handoff',
      handoffReason: input.unknownShare >= o.outOfScopeUnknown ? 'out-of-scope' : 'low-confidence',
      rule: 'below-suggest',
    };
  }
  if (input.howTo) {
    const i = input.candidates.findIndex(
      (c) => c.kind === 'tutorial' && c.confidence >= t.suggest && c.confidence >= top.confidence - o.tutorialSlack,
    );
    if (i >= 0) return { decision: 'tutorial', chosen: i, rule: 'how-to' };
  }
  const second = input.candidates[1]?.confidence ?? 0;
  if (top.confidence >= t.answer && top.confidence - second >= t.margin) {
    if (top.handoff) return { decision: 'handoff', handoffReason: 'handoff-entry', chosen: 0, rule: 'confident' };
    return { decision: top.kind === 'tutorial' ? 'tutorial' : 'answer', chosen: 0, rule: 'confident' };
  }
  return { decision: 'clarify', rule: top.confidence < t.answer ? 'below-answer' : 'too-close' };
}
