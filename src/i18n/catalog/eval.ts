import type { CatalogPart } from '../index.js';

export const evaluation: CatalogPart = {
  en: {
    'chatlog.badJson': 'not valid JSON: {detail}',
    'chatlog.notObject': 'each JSONL line must be an object',
    'chatlog.badCsv': 'CSV cannot be parsed: {detail}',
    'chatlog.missingField': 'missing field "{field}"',
    'chatlog.missingColumn': 'the CSV header has no "{field}" column',
    'chatlog.badRole': 'unknown role "{value}" (use customer/客户, agent/客服, bot/机器人)',
    'chatlog.badTurn': 'turn must be a whole number, got "{value}"',
    'chatlog.turnOrder': 'turn {turn} of session "{session}" does not come after turn {previous}',
    'chatlog.turnOrder.hint': 'keep each session\'s turns together, with ascending turn numbers',
    'chatlog.sessionSplit': 'session "{session}" appears again after another session started',
    'chatlog.sessionSplit.hint': 'keep each session\'s turns together (sort the log by session, then turn)',
    'chatlog.unknownLabel': 'label "{label}" names no entry of the knowledge base',
    'chatlog.unknownLabel.hint': 'fix the label, use __none__ for turns the bot should not answer, or pass --allow-unknown-labels',
  },
  'zh-CN': {
    'chatlog.badJson': '不是合法的 JSON：{detail}',
    'chatlog.notObject': 'JSONL 的每一行都必须是对象',
    'chatlog.badCsv': '无法解析 CSV：{detail}',
    'chatlog.missingField': '缺少字段 "{field}"',
    'chatlog.missingColumn': 'CSV 表头缺少 "{field}" 列',
    'chatlog.badRole': '未知角色 "{value}"（可用 customer/客户、agent/客服、bot/机器人）',
    'chatlog.badTurn': '轮次必须是整数，收到 "{value}"',
    'chatlog.turnOrder': '会话 "{session}" 的第 {turn} 轮没有排在第 {previous} 轮之后',
    'chatlog.turnOrder.hint': '同一会话的各轮请放在一起，轮次递增',
    'chatlog.sessionSplit': '会话 "{session}" 在其他会话开始后再次出现',
    'chatlog.sessionSplit.hint': '同一会话的各轮请放在一起（按会话、轮次排序）',
    'chatlog.unknownLabel': '标注 "{label}" 不是知识库中的条目',
    'chatlog.unknownLabel.hint': '请修正标注；机器人不该回答的轮次请标 __none__，或加 --allow-unknown-labels',
  },
};
