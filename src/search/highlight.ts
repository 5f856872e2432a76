export interface HighlightOptions {
  /** Fragments to return at most (default 2). */
  maxFragments?: number;
  /** Approximate fragment length in characters (default 60). */
  fragmentLength?: number;
}

interface Match {
  start: number;
  end: number;
  /** Ids of the query terms this (possibly merged) match covers. */
  terms: Set<number>;
}

interface Window {
  start: number;
  end: number;
  matches: Match[];
}

// Bounds the work on texts where a broad term occurs hundreds of times.
const MAX_MATCHES = 500;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `& < > " '` for HTML text and attribute contexts. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function occurrences(haystack: string, needle: string, term: number, out: Match[]): void {
  if (needle === '') return;
  for (let i = haystack.indexOf(needle); i !== -1 && out.length < MAX_MATCHES; i = haystack.indexOf(needle, i + 1)) {
    out.push({ start: i, end: i + needle.length, terms: new Set([term]) });
  }
}

// Each query part counts as one term when found as a phrase; otherwise each of its tokens does.
function findMatches(text: string, queryParts: string[][]): Match[] {
  const lower = text.toLowerCase();
  // Case folding that changes lengths (rare, e.g. 'İ') would shift offsets: match case-sensitively then.
  const haystack = lower.length === text.length ? lower : text;
  const raw: Match[] = [];
  let term = 0;
  for (const part of queryParts) {
    const tokens = part.map((t) => t.toLowerCase()).filter((t) => t !== '');
    const phrase = tokens.join('');
    if (tokens.length > 1 && haystack.includes(phrase)) {
      occurrences(haystack, phrase, term++, raw);
      continue;
    }
    for (const token of new Set(tokens)) occurrences(haystack, token, term++, raw);
  }
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  // Overlapping or touching matches become one highlighted span.
  const merged: Match[] = [];
  for (const m of raw) {
    const last = merged[merged.length - 1];
    if (last && m.start <= last.end) {
      last.end = Math.max(last.end, m.end);
      for (const t of m.terms) last.terms.add(t);
    } else {
      merged.push({ start: m.start, end: m.end, terms: new Set(m.terms) });
    }
  }
  return merged;
}

// Never cut a surrogate pair in half.
function snap(text: string, index: number): number {
  if (index > 0 && index < text.length) {
    const code = text.charCodeAt(index);
    if (code >= 0xdc00 && code <= 0xdfff) return index - 1;
  }
  return index;
}

function windowAround(text: string, anchor: Match, matches: Match[], length: number): Window {
  const span = anchor.end - anchor.start;
  let start = anchor.start - Math.floor(Math.max(0, length - span) / 3);
  start = Math.max(0, Math.min(start, text.length - length));
  let end = Math.max(anchor.end, Math.min(text.length, start + length));
  // Do not cut a highlighted span: push the edges outside any match they fall into.
  for (const m of matches) {
    if (m.start < start && m.end > start) start = m.start;
    if (m.start < end && m.end > end) end = m.end;
  }
  start = snap(text, start);
  end = snap(text, end);
  return { start, end, matches: matches.filter((m) => m.start >= start && m.end <= end) };
}

function termsOf(w: Window): Set<number> {
  const terms = new Set<number>();
  for (const m of w.matches) for (const t of m.terms) terms.add(t);
  return terms;
}

function render(text: string, w: Window): string {
  let out = '';
  let pos = w.start;
  for (const m of w.matches) {
    out += escapeHtml(text.slice(pos, m.start)) + '<em>' + escapeHtml(text.slice(m.start, m.end)) + '</em>';
    pos = m.end;
  }
  out += escapeHtml(text.slice(pos, w.end));
  out = out.replace(/\s+/gu, ' ').trim();
  return (w.start > 0 ? '…' : '') + out + (w.end < text.length ? '…' : '');
}

/**
 * Fragments of `text` around the query's terms, best first: HTML-escaped, matched terms wrapped
 * in `<em>…</em>`, `…` where a fragment is cut. Empty when nothing matches.
 */
export function highlight(text: string, queryParts: string[][], options: HighlightOptions = {}): string[] {
  const maxFragments = Math.max(0, Math.floor(options.maxFragments ?? 2));
  const length = Math.max(1, Math.floor(options.fragmentLength ?? 60));
  if (maxFragments === 0 || text === '') return [];
  const matches = findMatches(text, queryParts);
  if (matches.length === 0) return [];

  const windows = matches.map((anchor) => windowAround(text, anchor, matches, length));
  const chosen: Window[] = [];
  const fragments: string[] = [];
  const covered = new Set<number>();
  const skipped = new Set<Window>();
  // Bounded retries: a passage repeated hundreds of times must not make this quadratic.
  for (let attempt = 0; fragments.length < maxFragments && attempt < maxFragments + 10; attempt++) {
    let best: Window | undefined;
    let bestKey: number[] = [];
    for (const w of windows) {
      if (skipped.has(w) || chosen.some((c) => w.start < c.end && c.start < w.end)) continue;
      const terms = termsOf(w);
      const fresh = [...terms].filter((t) => !covered.has(t)).length;
      // Prefer terms not shown yet, then distinct terms, then more matches; earlier wins ties.
      const key = [fresh, terms.size, w.matches.length];
      if (!best || compareKeys(key, bestKey) > 0) {
        best = w;
        bestKey = key;
      }
    }
    if (!best) break;
    const fragment = render(text, best);
    // Repeated passages would show the same fragment twice.
    if (fragments.includes(fragment)) {
      skipped.add(best);
      continue;
    }
    chosen.push(best);
    fragments.push(fragment);
    for (const t of termsOf(best)) covered.add(t);
  }
  return fragments;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
