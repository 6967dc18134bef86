/**
 * General Mandarin knowledge every knowledge base needs, whatever its domain: interchangeable question
 * words and common verbs. A lexicon's own synonym groups come first and win over these. (Particles are
 * not built in as stop words: measured on public question-matching sets, down-weighting them lost more than
 * it gained, since 吗/呢/了 often separate near-identical questions; idf already makes them cheap.)
 */
import type { SynonymGroup } from '../model/lexicon.js';

export const GENERAL_SYNONYMS: readonly SynonymGroup[] = [
  { canonical: '为什么', terms: ['为何', '为啥', '干嘛', '干吗', '咋回事', '怎么回事'] },
  { canonical: '怎么', terms: ['怎样', '如何', '咋', '怎么着', '怎么能', '怎么才能', '如何才能', '怎样才能'] },
  { canonical: '什么', terms: ['啥', '什麽', '甚么'] },
  { canonical: '哪里', terms: ['哪儿', '哪', '在哪', '在哪里', '在哪儿', '何处', '哪边', '什么地方', '啥地方'] },
  { canonical: '可以', terms: ['能', '能够', '可不可以', '能不能', '能否', '可否', '是否可以', '可不可', '行不行', '可以吗'] },
  { canonical: '是不是', terms: ['是否'] },
  { canonical: '有没有', terms: ['有无', '有木有', '有没'] },
  { canonical: '多少钱', terms: ['价格', '价钱', '多钱', '几块钱', '什么价', '啥价', '什么价格', '售价'] },
  { canonical: '多久', terms: ['多长时间', '多少时间', '多久时间', '多长', '几天', '要多久'] },
  { canonical: '谢谢', terms: ['多谢', '谢了', '感谢', '谢谢你', '谢啦', '3q', 'thx', 'thanks'] },
  { canonical: '修改', terms: ['更改', '改', '变更', '改掉', '更正', '改一下', '修正'] },
  { canonical: '删除', terms: ['删掉', '删', '删了', '去掉'] },
  { canonical: '取消', terms: ['撤销', '撤回', '不要了'] },
  { canonical: '现在', terms: ['目前', '当前', '眼下', '如今'] },
  { canonical: '登录', terms: ['登陆', '登入', '登不上', '登录不上'] },
  { canonical: '推荐', terms: ['介绍', '推荐下', '推荐一下', '介绍下', '介绍一下'] },
  { canonical: '孩子', terms: ['小孩', '小孩子', '宝宝', '儿女'] },
  { canonical: '手机号', terms: ['手机号码', '电话号码', '电话号', '手机号儿', '号码'] },
  { canonical: '收不到', terms: ['没收到', '接收不到', '收不了', '没有收到'] },
  { canonical: '好不好', terms: ['好吗', '怎么样', '咋样', '如何呢'] },
  { canonical: '知道', terms: ['晓得', '了解'] },
  { canonical: '一下', terms: ['下子'] },
];
