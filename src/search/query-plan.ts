import { BoundedMap } from '../core/bounded-map';
import { normalizeText } from './normalize';
import { cutQuery } from './segmenter';
import type { Thesaurus } from './thesaurus';

/**
 * Function words and question words: they carry how a person asks, not what about, and the texts
 * do not contain them (了 的 吗 怎么办 哪里 什么 如何 谁 …). Dropped from every query.
 */
export const QUERY_STOPWORDS: ReadonlySet<string> = new Set([
  ...'的 了 吗 呢 吧 啊 呀 嘛 哦 么 着 过 和 与 及 或 也 都 就 才 又 还 很 太 被 把 给 让 向 对 从 在 于 以 为 是 有 没 不 要 会 能 可 该 我 你 他 她 它 们 我们 你们 他们 咱 自己 这 那 这个 那个 这些 那些 一个 个 些 点 一下 一点 下 上 里 中 去 来 到 得 地 之 其 等'.split(
    ' ',
  ),
  ...'怎么办 怎么 怎样 怎么样 如何 哪里 哪儿 哪 哪些 哪个 什么 啥 谁 为什么 为何 多少 几 是否 能否 可以 可不可以 能不能 有没有 是不是 请问 想 想要 需要 应该 该怎么 咋办 咋 办法 求 请 帮我 告诉 一下子 现在 马上 已经 刚刚 刚 突然之间 了吗 呢吗 没有 没人 后 以后 之后 太 很 非常 特别 真 好 人 找 找谁 遇到 碰到 出了 要 得了 一直 总是'.split(
    ' ',
  ),
]);

/** One thing the query asks about; a document covers it when it contains any alternative. */
export interface Concept {
  /** The words as the query had them (after normalising). */
  text: string;
  /** Token lists (jieba, precise mode); a document contains an alternative when it has all its tokens. */
  alternatives: string[][];
  /** How much the concept counts when a search relaxes to "most concepts" (1; 0.5 for one character). */
  weight: number;
  /** Set when the thesaurus or a typo correction supplied alternatives. */
  expanded: boolean;
}

export interface QueryPlan {
  /** The normalised query (traditional → simplified, half-width, 文号 brackets unified). */
  normalized: string;
  /** Whitespace-separated parts of the query, each a list of concepts. */
  concepts: Concept[];
  /** Typos corrected: [as typed, corrected]. */
  corrections: [string, string][];
  /** Stable identity of what the search will look for: the cache key part of the query. */
  key: string;
}

// Longest thesaurus term, in jieba tokens, the matcher tries.
const MAX_SPAN = 6;

function alternativesOf(words: readonly string[], original: string[]): string[][] {
  const out: string[][] = [original];
  const seen = new Set([original.join(' ')]);
  for (const word of words) {
    const tokens = cutQuery(word);
    if (tokens.length === 0) continue;
    // An abbreviation jieba does not know falls apart into single characters (红会 → 红 会): as
    // an AND of characters it would match nearly anything.
    if (tokens.length > 1 && tokens.every((t) => [...t].length === 1)) continue;
    const id = tokens.join(' ');
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(tokens);
  }
  if (out.length > 1 && original.length > 1 && original.every((t) => [...t].length === 1)) out.shift();
  return out;
}

/**
 * The query pipeline every search runs: normalise, correct one-character typos of known words,
 * segment with jieba, drop function and question words, and expand each concept with the
 * thesaurus (longest match over jieba tokens, so 最低保障 never becomes 最|低保|障).
 */
export function analyzeQuery(text: string, thesaurus: Thesaurus): QueryPlan {
  // Plans are pure functions of the text and the thesaurus: popular queries are analysed once.
  let plans = PLANS.get(thesaurus);
  if (!plans) PLANS.set(thesaurus, (plans = new BoundedMap(PLAN_ENTRIES)));
  const known = plans.get(text);
  if (known) return known;
  const plan = analyze(text, thesaurus);
  plans.set(text, plan);
  return plan;
}

const PLANS = new WeakMap<Thesaurus, BoundedMap<string, QueryPlan>>();
const PLAN_ENTRIES = 10_000;

function analyze(text: string, thesaurus: Thesaurus): QueryPlan {
  const normalized = normalizeText(text).trim();
  const concepts: Concept[] = [];
  const corrections: [string, string][] = [];
  for (const rawPart of normalized.split(/\s+/u)) {
    if (rawPart === '') continue;
    const corrected = thesaurus.correct(rawPart.toLowerCase());
    corrections.push(...corrected.corrections);
    const byWord = new Map(corrected.corrections.map(([typed, word]) => [word, typed]));
    const tokens = cutQuery(corrected.text);
    for (let i = 0; i < tokens.length;) {
      let matched = false;
      for (let j = Math.min(tokens.length, i + MAX_SPAN); j > i; j--) {
        const span = tokens.slice(i, j);
        const word = span.join('');
        const expansions = thesaurus.expand(word);
        const typed = byWord.get(word);
        if (!expansions && typed === undefined) continue;
        const words = [...(expansions ?? [word])];
        const alternatives = alternativesOf(words, span);
        if (typed !== undefined) {
          const typedTokens = cutQuery(typed);
          if (typedTokens.length > 0) alternatives.push(typedTokens);
        }
        concepts.push({ text: word, alternatives, weight: 1, expanded: true });
        i = j;
        matched = true;
        break;
      }
      if (matched) continue;
      const token = tokens[i++];
      if (QUERY_STOPWORDS.has(token)) continue;
      concepts.push({
        text: token,
        alternatives: [[token]],
        weight: [...token].length === 1 ? 0.5 : 1,
        expanded: false,
      });
    }
  }
  // The same concept twice (临时救助 临救) counts once.
  const unique: Concept[] = [];
  const seen = new Set<string>();
  for (const concept of concepts) {
    const id = concept.alternatives
      .map((a) => a.join(' '))
      .sort()
      .join('|');
    if (seen.has(id)) continue;
    seen.add(id);
    unique.push(concept);
  }
  const key = unique.map((c) => c.alternatives.map((a) => a.join(' ')).join('|')).join('&');
  return { normalized, concepts: unique, corrections, key };
}

/** What the highlighter marks: every alternative of every concept, each as a phrase or its tokens. */
export function highlightParts(plan: QueryPlan): string[][] {
  return plan.concepts.flatMap((c) => c.alternatives);
}
