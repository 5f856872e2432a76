import { Converter } from 'opencc-js/t2cn';

// Traditional (Taiwan, Hong Kong and generic forms) → simplified as used on the mainland. Built on
// first use (≈ 0.1 s), not at start-up.
let converter: ((text: string) => string) | undefined;
function toSimplified(text: string): string {
  const convert = (converter ??= Converter({ from: 't', to: 'cn' }));
  return convert(text);
}

// Every bracket style a 文号's year is typed in: 〔2017〕 [2017] 【2017】 (2017) ［2017］ ［2017］ ｛2017｝ «2017».
// NFKC has already folded the full-width forms ［ ］ （ ） to ASCII.
const DOC_NUMBER_YEAR = /[[(（【〔〖{<《「『]\s*((?:19|20)\d{2})\s*[\])）】〕〗}>》」』]/gu;

/**
 * The first step of every search, on queries and indexed text alike: traditional → simplified
 * characters, full-width → half-width letters, digits and punctuation (NFKC), and the year of a
 * 文号 in one bracket style (〔2017〕), so 沪民救发[2017]16号 and 沪民救发（2017）16号 are the same text.
 */
export function normalizeText(text: string): string {
  return toSimplified(text.normalize('NFKC')).replace(DOC_NUMBER_YEAR, '〔$1〕');
}
