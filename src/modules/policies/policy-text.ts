export interface ParsedSection {
  number: string;
  heading: string | null;
  text: string;
  children: ParsedSection[];
}

export interface ParsedCitation {
  title: string;
  docNumber: string | null;
}

export interface ParsedPolicyText {
  sections: ParsedSection[];
  citations: ParsedCitation[];
}

export const JIUJINAN_2017_TITLE = '关于在本市开展“救急难”工作的实施意见(试行)';

type Level = 1 | 2 | 3;

interface HeadingLine {
  level: Level;
  number: string;
  rest: string;
}

interface OpenSection {
  level: Level;
  section: ParsedSection;
  lines: string[];
}

const CHINESE_NUMERAL = '[一二三四五六七八九十百零〇]+';
const LEVEL1 = new RegExp(`^(${CHINESE_NUMERAL})、(.*)$`);
const LEVEL2 = new RegExp(`^[(（](${CHINESE_NUMERAL})[)）](.*)$`);
// A digit right after the dot means a decimal (e.g. "3.5万元"), not a list marker.
const LEVEL3 = /^([0-9０-９]+)(?:[.．](?![0-9０-９])|、)(.*)$/;

// A marker line without "。" is only taken as a heading when it is short; long ones are body text.
const MAX_BARE_HEADING_LENGTH = 30;

function splitLines(text: string): string[] {
  return text.split(/\r?\n|\r/);
}

function toAsciiDigits(digits: string): string {
  return digits.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

// Numbers are normalised to one canonical form per level: "一", "(一)" (ASCII parens), "1".
function matchHeading(line: string): HeadingLine | null {
  const l1 = LEVEL1.exec(line);
  if (l1) return { level: 1, number: l1[1], rest: l1[2].trim() };
  const l2 = LEVEL2.exec(line);
  if (l2) return { level: 2, number: `(${l2[1]})`, rest: l2[2].trim() };
  const l3 = LEVEL3.exec(line);
  if (l3) return { level: 3, number: toAsciiDigits(l3[1]), rest: l3[2].trim() };
  return null;
}

function splitHeading(rest: string): { heading: string | null; firstLine: string } {
  const stop = rest.indexOf('。');
  if (stop >= 0) {
    const heading = rest.slice(0, stop).trim();
    return { heading: heading === '' ? null : heading, firstLine: rest.slice(stop + 1).trim() };
  }
  if (rest !== '' && [...rest].length <= MAX_BARE_HEADING_LENGTH) {
    return { heading: rest, firstLine: '' };
  }
  return { heading: null, firstLine: rest };
}

function openSection(heading: HeadingLine): OpenSection {
  const { heading: title, firstLine } = splitHeading(heading.rest);
  return {
    level: heading.level,
    section: { number: heading.number, heading: title, text: '', children: [] },
    lines: firstLine === '' ? [] : [firstLine],
  };
}

function parseSections(body: string): ParsedSection[] {
  const roots: ParsedSection[] = [];
  const all: OpenSection[] = [];
  // Stack of currently open sections, strictly increasing level from bottom to top.
  const stack: OpenSection[] = [];

  for (const raw of splitLines(body)) {
    const line = raw.trim();
    if (line === '') continue;
    const heading = matchHeading(line);
    if (!heading) {
      // Lines before any heading are the preamble and belong to no section.
      stack.at(-1)?.lines.push(line);
      continue;
    }
    while (stack.length > 0 && stack[stack.length - 1].level >= heading.level) stack.pop();
    const open = openSection(heading);
    const parent = stack.at(-1);
    (parent ? parent.section.children : roots).push(open.section);
    stack.push(open);
    all.push(open);
  }

  for (const open of all) open.section.text = open.lines.join('\n').trim();
  return roots;
}

// Finds the "》" closing the "《" at `start`, allowing nested 《》; stops at line ends.
function findTitleEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') return -1;
    if (ch === '《') depth++;
    else if (ch === '》' && --depth === 0) return i;
  }
  return -1;
}

const TRAILING_BRACKET = /^[ \t\u3000]*[(（]([^()（）\r\n]{1,60})[)）]/;

function normaliseDocNumber(raw: string): string {
  return raw
    .replace(/\s+/g, '')
    .replace(/[[［【]/g, '〔')
    .replace(/[\]］】]/g, '〕');
}

// Only the first item counts when the bracket lists more, e.g. "(国发〔2014〕47号,以下简称…)".
function docNumberFrom(bracketContent: string): string | null {
  const candidate = normaliseDocNumber(bracketContent.split(/[,，;；、]/)[0]);
  if (/〔[^〕]*〕.*号/.test(candidate) || /令第\d+号/.test(candidate)) return candidate;
  return null;
}

function parseCitations(body: string): ParsedCitation[] {
  const citations: ParsedCitation[] = [];
  const seen = new Set<string>();
  let from = 0;
  for (;;) {
    const start = body.indexOf('《', from);
    if (start < 0) break;
    const end = findTitleEnd(body, start);
    if (end < 0) {
      from = start + 1;
      continue;
    }
    from = end + 1;
    const title = body.slice(start + 1, end).trim();
    if (title === '') continue;
    const bracket = TRAILING_BRACKET.exec(body.slice(end + 1, end + 80));
    const docNumber = bracket ? docNumberFrom(bracket[1]) : null;
    const key = `${title}\u0000${docNumber ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    citations.push({ title, docNumber });
  }
  return citations;
}

export function parsePolicyText(body: string): ParsedPolicyText {
  return { sections: parseSections(body), citations: parseCitations(body) };
}

function sameTitle(line: string, title: string): boolean {
  const normalise = (s: string): string => s.trim().replace(/（/g, '(').replace(/）/g, ')');
  return normalise(line) === normalise(title);
}

export function policyBodyFromCorpus(fullText: string): string {
  const lines = splitLines(fullText);
  const titleIndex = lines.findIndex((line) => sameTitle(line, JIUJINAN_2017_TITLE));
  if (titleIndex < 0) return fullText.trim();
  return lines
    .slice(titleIndex + 1)
    .join('\n')
    .trim();
}
