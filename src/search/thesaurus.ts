import { normalizeText } from './normalize';
import { DOMAIN_TERMS } from './segmenter';

/**
 * One entry of the search thesaurus. Without `targets`: equivalent names, each finds the others.
 * With `targets`: what people say (`terms`) → the words of the texts (`targets`), one way.
 */
export interface SynonymSet {
  id?: string;
  terms: string[];
  targets: string[];
}

// The shortest term a one-character typo may be corrected to (三-character words are too close to
// each other: 救助金/救助站).
const TYPO_MIN_LENGTH = 4;

function key(term: string): string {
  return normalizeText(term).trim().toLowerCase();
}

/**
 * The thesaurus as the query pipeline reads it: term → what a query with the term also looks for.
 * Immutable; a changed thesaurus is a new instance (see ThesaurusHolder).
 */
export class Thesaurus {
  /** Normalised term → its expansions (the term itself first). */
  private readonly expansions = new Map<string, string[]>();
  /** Every known word (terms, targets, domain terms) by a one-character wildcard key, for typos. */
  private readonly near = new Map<string, Set<string>>();
  private readonly known = new Set<string>();
  readonly size: number;

  constructor(readonly sets: readonly SynonymSet[]) {
    this.size = sets.length;
    for (const set of sets) {
      const terms = [...new Set(set.terms.map(key).filter((t) => t !== ''))];
      const targets = [...new Set(set.targets.map(key).filter((t) => t !== ''))];
      for (const term of terms) {
        const also = targets.length > 0 ? targets : terms;
        const list = this.expansions.get(term) ?? [term];
        for (const t of also) if (!list.includes(t)) list.push(t);
        this.expansions.set(term, list);
      }
      for (const word of [...terms, ...targets]) this.know(word);
    }
    for (const term of DOMAIN_TERMS) this.know(key(term));
  }

  static empty(): Thesaurus {
    return new Thesaurus([]);
  }

  private know(word: string): void {
    this.known.add(word);
    const chars = [...word];
    if (chars.length < TYPO_MIN_LENGTH) return;
    for (let i = 0; i < chars.length; i++) {
      const wildcard = [...chars.slice(0, i), '\u0000', ...chars.slice(i + 1)].join('');
      const words = this.near.get(wildcard) ?? new Set<string>();
      words.add(word);
      this.near.set(wildcard, words);
    }
  }

  /** The expansions of a normalised term (itself first), or undefined when it is no entry's term. */
  expand(term: string): readonly string[] | undefined {
    return this.expansions.get(term);
  }

  isKnown(word: string): boolean {
    return this.known.has(word);
  }

  /**
   * Replaces each stretch of the text that is one character away from exactly one known word of
   * four or more characters (临时求助 → 临时救助), unless the stretch is itself a known word or
   * overlaps one. Returns the corrected text and the corrections made.
   */
  correct(text: string): { text: string; corrections: [string, string][] } {
    const chars = [...text];
    const corrections: [string, string][] = [];
    if (this.near.size === 0) return { text, corrections };
    const exact = new Array<boolean>(chars.length).fill(false);
    for (let i = 0; i < chars.length; i++) {
      for (let len = 2; len <= 12 && i + len <= chars.length; len++) {
        if (this.known.has(chars.slice(i, i + len).join(''))) exact.fill(true, i, i + len);
      }
    }
    const out: string[] = [];
    for (let i = 0; i < chars.length;) {
      let replaced = false;
      for (let len = Math.min(12, chars.length - i); len >= TYPO_MIN_LENGTH && !replaced; len--) {
        const span = chars.slice(i, i + len);
        if (exact.slice(i, i + len).every(Boolean)) continue;
        const candidates = new Set<string>();
        for (let k = 0; k < len; k++) {
          const wildcard = [...span.slice(0, k), '\u0000', ...span.slice(k + 1)].join('');
          for (const word of this.near.get(wildcard) ?? []) candidates.add(word);
        }
        if (candidates.size !== 1) continue;
        const [word] = candidates;
        // Only letters: digits and Latin are not typos of Chinese words.
        if (!/^\p{Script=Han}+$/u.test(span.join(''))) continue;
        corrections.push([span.join(''), word]);
        out.push(word);
        i += len;
        replaced = true;
      }
      if (!replaced) out.push(chars[i++]);
    }
    return { text: out.join(''), corrections };
  }

  /**
   * The thesaurus as Meilisearch's `synonyms` setting: term → what it also finds (one-way entries
   * as one-way synonyms, equivalences as every term listing the others).
   */
  synonymMap(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [term, expansions] of this.expansions) {
      const others = expansions.filter((t) => t !== term);
      if (others.length > 0) out[term] = others;
    }
    return out;
  }

  /** Words of the entries a term belongs to (for suggestions), the term itself excluded. */
  related(term: string): string[] {
    const out = new Set<string>();
    for (const t of this.expansions.get(term) ?? []) if (t !== term) out.add(t);
    return [...out];
  }
}

/**
 * The thesaurus in force on this instance. Replaced as a whole when coordinators change it
 * (the change reaches every instance through the outbox); readers take `current` per query.
 */
export class ThesaurusHolder {
  private value: Thesaurus;
  private version = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(initial: Thesaurus = Thesaurus.empty()) {
    this.value = initial;
  }

  get current(): Thesaurus {
    return this.value;
  }

  get generation(): number {
    return this.version;
  }

  replace(next: Thesaurus): void {
    this.value = next;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}
