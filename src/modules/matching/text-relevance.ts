import { BoundedMap } from '../../core/bounded-map';
import { segmentQuery } from '../../search/segmenter';
import type { CandidateResource } from './engine';

// Words that say nothing about which resource fits.
const STOP = new Set(['需要', '需求', '一个', '我们', '他们', '目前', '因为', '所以', '进行', '提供', '救助', '帮助']);

// Reverse matching cuts every open need's description for each new resource: remember the recent cuts.
const MEMO_SIZE = 5000;
const memo = new BoundedMap<string, string[]>(MEMO_SIZE);

/** The words of a need's description that count for relevance: jieba's precise cut, two characters or more. */
export function relevanceWords(description: string): string[] {
  return memo.remember(description, () =>
    [...new Set(segmentQuery(description).flat())].filter((w) => w.length >= 2 && !STOP.has(w)),
  );
}

/**
 * Relevance of a need's description to a resource: the share of the description's words found in the
 * resource's title or description, title hits counting double. 0 when the description has no such words.
 */
export function textScorer(description: string): (r: CandidateResource) => number {
  const words = relevanceWords(description);
  if (words.length === 0) return () => 0;
  return (r) => {
    let hits = 0;
    for (const w of words) {
      if (r.title.includes(w)) hits += 2;
      else if (r.description.includes(w)) hits += 1;
    }
    return Math.min(1, hits / (2 * words.length));
  };
}
