import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { normalizeText } from './normalize';

/**
 * Domain terms jieba must keep whole (救急难 policy vocabulary). Loaded as a user dictionary on
 * top of jieba's default one.
 */
export const DOMAIN_TERMS: readonly string[] = [
  '救急难',
  '急难事件',
  '急难救助',
  '临时救助',
  '应急救助',
  '社会救助',
  '医疗救助',
  '首问负责制',
  '支出型贫困',
  '低保',
  '低保家庭',
  '低收入',
  '低收入家庭',
  '最低生活保障',
  '特困',
  '特困人员',
  '困难家庭',
  '困难群众',
  '帮困',
  '帮困互助基金会',
  '慈善基金会',
  '慈善组织',
  '红十字会',
  '社会力量',
  '社会组织',
  '购买服务',
  '转介',
  '转介服务',
  '联席会议',
  '送医救治',
  '临时住所',
  '专业服务',
  '救助金',
  '962200',
  '心理疏导',
  '法律援助',
  '志愿服务',
  '志愿者',
  '绿色通道',
  '一门受理',
  '协同办理',
  '信息共享',
  '街道办事处',
  '居委会',
  '居民委员会',
  '村民委员会',
  '社工',
  '社会工作者',
  '社区事务受理服务中心',
  '协理员',
  '公益基金',
  '社会化发放',
  '因病致贫',
];

// Frequency for the user dictionary: long terms need a high one to beat splits into common words;
// two-character terms stay moderate so they do not swallow characters of neighbouring words
// (e.g. 最低保障 must not become 最|低保|障).
function userDictFrequency(term: string): number {
  return [...term].length <= 2 ? 2000 : 50000;
}

interface Segmenter {
  jieba: Jieba;
  /** Per domain term, the sub-words the default dictionary yields, so 首问 or 生活保障 still match. */
  subWords: Map<string, string[]>;
}

let segmenter: Segmenter | undefined;

function getSegmenter(): Segmenter {
  if (segmenter) return segmenter;
  // Jieba.withDict parses the default dictionary (≈ 200 ms): done once, on first use.
  const jieba = Jieba.withDict(dict);
  const defaultWords = DOMAIN_TERMS.map((term) => clean(jieba.cutForSearch(term, true)));
  const lines = DOMAIN_TERMS.map((term) => `${term} ${userDictFrequency(term)} nz`).join('\n');
  jieba.loadDict(Buffer.from(`${lines}\n`, 'utf8'));
  const subWords = new Map<string, string[]>();
  DOMAIN_TERMS.forEach((term, i) => {
    const emitted = new Set(clean(jieba.cutForSearch(term, true)));
    const missing = [...new Set(defaultWords[i])].filter((w) => !emitted.has(w));
    if (missing.length > 0) subWords.set(term, missing);
  });
  segmenter = { jieba, subWords };
  return segmenter;
}

/** Creates the jieba instance now (otherwise on first use), e.g. at start-up. */
export function warmUpSegmenter(): void {
  getSegmenter();
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

// Drops punctuation and whitespace tokens and folds Latin case (the 'simple' configuration folds too).
function clean(tokens: string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const t = token.trim();
    if (t !== '' && WORD_CHAR.test(t)) out.push(t.toLowerCase());
  }
  return out;
}

// Full-width digits and letters (９６２２００, ＡＢＣ) become ASCII, traditional characters simplified,
// 文号 brackets unified, so both sides agree.
function normalize(text: string): string {
  return normalizeText(text);
}

/** Tokens to index: jieba search-mode cutting (words and their dictionary sub-words), HMM on. */
export function segmentForIndex(text: string): string[] {
  const { jieba, subWords } = getSegmenter();
  const out: string[] = [];
  for (const token of clean(jieba.cutForSearch(normalize(text), true))) {
    out.push(token);
    const extra = subWords.get(token);
    if (extra) {
      // Search mode only emits sub-words found in the dictionary; a domain term hides the
      // default segmentation (首问负责制 → no 首问), so add it back.
      for (const w of extra) out.push(w);
    }
  }
  return out;
}

/**
 * The query split on whitespace into parts, each part cut precisely into tokens. Parts left
 * without tokens (punctuation only) are dropped; a document must contain every token.
 */
export function segmentQuery(text: string): string[][] {
  const { jieba } = getSegmenter();
  const parts: string[][] = [];
  for (const part of normalize(text).split(/\s+/u)) {
    if (part === '') continue;
    const tokens = clean(jieba.cut(part, true));
    if (tokens.length > 0) parts.push(tokens);
  }
  return parts;
}

/** One query part cut precisely (jieba, HMM on) into tokens, punctuation dropped; no normalising. */
export function cutQuery(part: string): string[] {
  return clean(getSegmenter().jieba.cut(part, true));
}
