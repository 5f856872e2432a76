import { Converter } from 'opencc-js/cn2t';
import { DOMAIN_TERMS } from '../src/search/segmenter';
import { THESAURUS } from '../seeds/data/thesaurus';
import { judgedQueries } from './relevance';
import { random } from './support';

/** One query of the load mix and the group it was drawn from (the relevance set's groups). */
export interface MixQuery {
  group: string;
  q: string;
}

const toTraditional = Converter({ from: 'cn', to: 'tw' });

const QUESTION_FRAMES = [
  (w: string) => `${w}怎么办`,
  (w: string) => `${w}了去哪里求助`,
  (w: string) => `家里${w}了能申请什么`,
  (w: string) => `${w}找谁帮忙`,
  (w: string) => `老人${w}了怎么办`,
];
const OFF_TOPIC = [
  '彩票中奖怎么领',
  '健身房办卡',
  '出国留学签证',
  '宠物狗走丢了',
  '股票开户流程',
  '演唱会门票',
  '驾照考试预约',
  '手机屏幕碎了去哪修',
  '外卖平台优惠券',
  '装修公司推荐',
  '高铁票改签',
  '网购退货怎么退',
  '美容美发打折',
  '游戏充值退款',
  '房价走势预测',
  '咖啡店加盟',
  '婚纱摄影套餐',
  '二手车估价',
  '旅游签证办理',
  '钢琴培训班',
];

/**
 * At least `n` distinct queries drawn from the relevance set's groups: the judged queries, every
 * thesaurus word and domain term alone (exact), pairs of them (several words), question frames
 * around everyday words (plain-language questions), traditional-character versions, one-character
 * typos of domain terms, 文号 in several bracket styles and off-topic questions (no answer).
 */
export function queryMix(n = 1200, seed = 14): MixQuery[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out = new Map<string, MixQuery>();
  const add = (group: string, q: string) => {
    if (!out.has(q)) out.set(q, { group, q });
  };
  for (const j of judgedQueries()) add(j.group, j.q);
  const words = [...new Set([...THESAURUS.flatMap((s) => [...s.terms, ...(s.targets ?? [])]), ...DOMAIN_TERMS])];
  const everyday = [...new Set(THESAURUS.filter((s) => s.targets).flatMap((s) => s.terms))];
  for (const w of words) add('exact', w);
  const brackets = [
    ['[', ']'],
    ['【', '】'],
    ['(', ')'],
    ['〔', '〕'],
    ['（', '）'],
  ];
  for (let i = 0; out.size < n; i++) {
    switch (i % 6) {
      case 0:
        add('several', `${pick(words)} ${pick(words)}`);
        break;
      case 1:
        add('question', pick(QUESTION_FRAMES)(pick(everyday)));
        break;
      case 2:
        add('traditional', toTraditional(pick(words)));
        break;
      case 3: {
        const term = [...pick(DOMAIN_TERMS.filter((t) => [...t].length >= 4))];
        term[Math.floor(rnd() * term.length)] = pick([...'助保困救急难社会医疗临时']);
        add('typo', term.join(''));
        break;
      }
      case 4: {
        const [open, close] = pick(brackets);
        add('docNumber', `沪府发${open}20${10 + Math.floor(rnd() * 16)}${close}${1 + Math.floor(rnd() * 80)}号`);
        break;
      }
      default:
        add('noAnswer', `${pick(OFF_TOPIC)}${pick(['', '怎么办', '在哪里', '多少钱'])}`);
    }
  }
  return [...out.values()];
}

/**
 * A request sequence over the mix with Zipf-distributed popularity (rank r drawn with probability
 * ∝ 1/r): a few queries are asked very often, most rarely, as on a public search box.
 */
export function zipfSequence(mix: MixQuery[], length: number, seed = 2026): MixQuery[] {
  const rnd = random(seed);
  // Popularity order independent of the groups' order in the mix.
  const ranked = [...mix].sort(() => rnd() - 0.5);
  const weights = ranked.map((_, r) => 1 / (r + 1));
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  const out: MixQuery[] = [];
  for (let i = 0; i < length; i++) {
    const x = rnd() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    out.push(ranked[lo]!);
  }
  return out;
}
