import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_TERMS, segmentForIndex, segmentQuery } from '../../src/search/segmenter';

const corpus = readFileSync(join(__dirname, '../../seeds/data/jiujinan-2017.txt'), 'utf8');

describe('DOMAIN_TERMS', () => {
  it('holds 30 to 60 distinct terms', () => {
    expect(DOMAIN_TERMS.length).toBeGreaterThanOrEqual(30);
    expect(DOMAIN_TERMS.length).toBeLessThanOrEqual(60);
    expect(new Set(DOMAIN_TERMS).size).toBe(DOMAIN_TERMS.length);
  });

  it.each([...DOMAIN_TERMS])('cuts %s as one query token', (term) => {
    expect(segmentQuery(term)).toEqual([[term]]);
  });
});

describe('segmentQuery', () => {
  it('splits on whitespace into parts, each cut precisely', () => {
    expect(segmentQuery('社会力量 购买服务')).toEqual([['社会力量'], ['购买服务']]);
    expect(segmentQuery('  首问负责制\u3000962200\n')).toEqual([['首问负责制'], ['962200']]);
    expect(segmentQuery('困难群众申请急难救助')).toEqual([['困难群众', '申请', '急难救助']]);
  });

  it('drops punctuation and empty parts', () => {
    expect(segmentQuery('“救急难”,临时救助!')).toEqual([['救急难', '临时救助']]);
    expect(segmentQuery(',。! ——  ')).toEqual([]);
    expect(segmentQuery('')).toEqual([]);
  });

  it('keeps numbers whole and folds Latin case and full-width forms', () => {
    expect(segmentQuery('拨打962200热线')).toEqual([['拨打', '962200', '热线']]);
    expect(segmentQuery('９６２２００ HSDS')).toEqual([['962200'], ['hsds']]);
  });

  it('does not split common words into domain terms (最低保障 is not 最|低保|障)', () => {
    expect(segmentQuery('最低保障标准')).toEqual([['最低', '保障', '标准']]);
  });
});

describe('segmentForIndex', () => {
  it('emits words and their sub-words, without punctuation or whitespace', () => {
    const tokens = segmentForIndex('建立急难事件“首问负责制”,缩短急难事件报告。');
    expect(tokens).toEqual(expect.arrayContaining(['建立', '急难事件', '急难', '事件', '首问负责制', '负责制']));
    expect(tokens.every((t) => /[\p{L}\p{N}]/u.test(t) && !/\s/u.test(t))).toBe(true);
  });

  it('adds back the default sub-words a domain term hides', () => {
    expect(segmentForIndex('首问负责制')).toContain('首问');
    expect(segmentForIndex('最低生活保障标准')).toEqual(
      expect.arrayContaining(['最低生活保障', '生活', '保障', '标准']),
    );
  });

  it('keeps 962200 whole and lower-cases Latin', () => {
    expect(segmentForIndex('社区服务热线962200')).toContain('962200');
    expect(segmentForIndex('COVID-19 Relief')).toEqual(['covid-19', 'relief']);
  });

  it('indexes every token of every query part of the corpus terms', () => {
    const indexed = new Set(segmentForIndex(corpus));
    for (const q of ['首问负责制', '962200', '社会力量 购买服务', '临时救助', '帮困互助基金会', '转介服务', '首问']) {
      for (const token of segmentQuery(q).flat()) expect(indexed).toContain(token);
    }
  });

  it('returns nothing for blank text', () => {
    expect(segmentForIndex('')).toEqual([]);
    expect(segmentForIndex(' \n,。')).toEqual([]);
  });
});
