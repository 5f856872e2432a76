import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyText, policyBodyFromCorpus, type ParsedSection } from '../../src/modules/policies/policy-text';

const corpusPath = join(__dirname, '../../seeds/data/jiujinan-2017.txt');
const corpus = readFileSync(corpusPath, 'utf8');

function headings(sections: ParsedSection[]): (string | null)[] {
  return sections.map((s) => s.heading);
}

describe('policyBodyFromCorpus', () => {
  it('returns the text after the title line, without cover letter', () => {
    const body = policyBodyFromCorpus(corpus);
    expect(body.startsWith('根据《社会救助暂行办法》(国务院令第649号)')).toBe(true);
    expect(body).not.toContain('各区人民政府');
    expect(body).not.toContain('2017年5月15日');
    expect(body).not.toContain('关于在本市开展“救急难”工作的实施意见(试行)');
    expect(body.endsWith('要依法依规严肃查处。')).toBe(true);
  });

  it('tolerates CRLF line endings', () => {
    const body = policyBodyFromCorpus(corpus.replace(/\n/g, '\r\n'));
    expect(body.startsWith('根据《社会救助暂行办法》')).toBe(true);
    expect(parsePolicyText(body).sections).toHaveLength(4);
  });

  it('returns the trimmed text when the title line is missing', () => {
    expect(policyBodyFromCorpus('  \n一、目标\n内容\n  ')).toBe('一、目标\n内容');
  });
});

describe('parsePolicyText on the 2017 救急难 corpus', () => {
  const parsed = parsePolicyText(policyBodyFromCorpus(corpus));

  it('finds exactly four top-level sections', () => {
    expect(parsed.sections.map((s) => s.number)).toEqual(['一', '二', '三', '四']);
    expect(headings(parsed.sections)).toEqual(['工作目标', '基本原则', '工作机制', '工作要求']);
  });

  it('does not turn the preamble into a section', () => {
    const allText = JSON.stringify(parsed.sections);
    expect(allText).not.toContain('根据《社会救助暂行办法》');
    expect(allText).not.toContain('现结合本市实际');
  });

  it('keeps the body of 一 as its own text', () => {
    const [goal] = parsed.sections;
    expect(goal.children).toEqual([]);
    expect(goal.text.startsWith('开展“救急难”工作是贯彻落实本市“91”社会救助体系')).toBe(true);
    expect(goal.text.endsWith('心理底线的事件发生。')).toBe(true);
  });

  it('splits 二 children into heading sentence and text', () => {
    const principles = parsed.sections[1];
    expect(principles.text).toBe('');
    expect(principles.children.map((c) => c.number)).toEqual(['(一)', '(二)', '(三)']);
    expect(headings(principles.children)).toEqual(['政府主导、社会参与', '民政牵头、部门联动', '属地管理、及时高效']);
    const first = principles.children[0];
    expect(first.text.startsWith('“救急难”是政府义不容辞的责任')).toBe(true);
    expect(first.text).not.toContain('政府主导、社会参与');
  });

  it('lists the six mechanisms under 三 with text from the following line', () => {
    const mechanisms = parsed.sections[2];
    expect(headings(mechanisms.children)).toEqual([
      '统筹协调机制',
      '预警发现机制',
      '快速响应机制',
      '转介服务机制',
      '信息共享机制',
      '资金保障机制',
    ]);
    expect(mechanisms.children[0].text.startsWith('在社会救助联席会议下')).toBe(true);
    // "居(村)民委员会" mid-line must not be read as a level-2 marker.
    expect(mechanisms.children[1].text).toContain('居(村)民委员会');
    expect(mechanisms.children[4].text).toContain('962200');
    expect(mechanisms.children.every((c) => c.children.length === 0)).toBe(true);
  });

  it('has four children under 四 with comma headings', () => {
    const requirements = parsed.sections[3];
    expect(headings(requirements.children)).toEqual([
      '高度重视,切实履职',
      '加强宣传,营造氛围',
      '社会参与,助推发展',
      '加强监查,提高效率',
    ]);
    expect(requirements.children[3].text.endsWith('要依法依规严肃查处。')).toBe(true);
  });

  it('extracts the four cited documents in order', () => {
    expect(parsed.citations).toEqual([
      { title: '社会救助暂行办法', docNumber: '国务院令第649号' },
      { title: '国务院关于全面建立临时救助制度的通知', docNumber: '国发〔2014〕47号' },
      {
        title: '上海市人民政府印发关于本市贯彻〈社会救助暂行办法〉实施意见的通知',
        docNumber: '沪府发〔2014〕60号',
      },
      { title: '关于加强和改进本市临时救助工作的实施意见', docNumber: '沪府办发〔2015〕1号' },
    ]);
  });
});

describe('parsePolicyText sections', () => {
  it('accepts full-width parentheses and normalises the number', () => {
    const { sections } = parsePolicyText('一、原则\n（一）统一领导。由市政府统筹。\n（二）分级负责\n各区落实。');
    expect(sections).toHaveLength(1);
    expect(sections[0].children).toEqual([
      { number: '(一)', heading: '统一领导', text: '由市政府统筹。', children: [] },
      { number: '(二)', heading: '分级负责', text: '各区落实。', children: [] },
    ]);
  });

  it('nests level-3 items under level-2 sections', () => {
    const body = [
      '一、保障措施',
      '(一)资金保障',
      '总体要求如下。',
      '1.市级财政安排专项资金',
      '按年度拨付。',
      '2、区级财政配套',
      '3．社会捐赠。鼓励慈善组织参与。',
      '(二)人员保障',
      '二、附则',
    ].join('\n');
    const { sections } = parsePolicyText(body);
    expect(sections.map((s) => s.heading)).toEqual(['保障措施', '附则']);
    const [funds, staff] = sections[0].children;
    expect(funds.text).toBe('总体要求如下。');
    expect(funds.children).toEqual([
      { number: '1', heading: '市级财政安排专项资金', text: '按年度拨付。', children: [] },
      { number: '2', heading: '区级财政配套', text: '', children: [] },
      { number: '3', heading: '社会捐赠', text: '鼓励慈善组织参与。', children: [] },
    ]);
    expect(staff.heading).toBe('人员保障');
    expect(staff.children).toEqual([]);
  });

  it('does not treat a decimal at line start as a level-3 marker', () => {
    const { sections } = parsePolicyText('(一)标准\n3.5万元以下的由街镇审批。');
    expect(sections[0].children).toEqual([]);
    expect(sections[0].text).toBe('3.5万元以下的由街镇审批。');
  });

  it('handles multi-character Chinese numerals like 十一', () => {
    const lines = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一'].map((n) => `${n}、第${n}部分`);
    const { sections } = parsePolicyText(lines.join('\n'));
    expect(sections).toHaveLength(11);
    expect(sections[10]).toEqual({ number: '十一', heading: '第十一部分', text: '', children: [] });
  });

  it('uses a null heading for a long marker line without a full stop', () => {
    const longLine = '对本辖区内遭遇突发事件、意外伤害、重大疾病或其他特殊原因导致生活陷入困境的家庭给予救助';
    const { sections } = parsePolicyText(`一、${longLine}\n补充说明`);
    expect(sections[0].heading).toBeNull();
    expect(sections[0].text).toBe(`${longLine}\n补充说明`);
  });

  it('makes orphan level-2 and level-3 headings top-level or attaches them to the nearest parent', () => {
    const { sections } = parsePolicyText('前言文字\n(一)孤立条目\n1.子项\n一、正式部分\n1.跨级子项');
    expect(sections.map((s) => s.number)).toEqual(['(一)', '一']);
    expect(sections[0].text).toBe('');
    expect(sections[0].children.map((c) => c.heading)).toEqual(['子项']);
    expect(sections[1].children.map((c) => c.heading)).toEqual(['跨级子项']);
    expect(JSON.stringify(sections)).not.toContain('前言文字');
  });

  it('returns nothing for empty input', () => {
    expect(parsePolicyText('')).toEqual({ sections: [], citations: [] });
    expect(parsePolicyText(' \n\r\n ')).toEqual({ sections: [], citations: [] });
  });

  it('returns no sections for text without headings', () => {
    const parsed = parsePolicyText('为做好救助工作,特制定本办法。\n本办法自发布之日起施行。');
    expect(parsed.sections).toEqual([]);
    expect(parsed.citations).toEqual([]);
  });
});

describe('parsePolicyText citations', () => {
  it('leaves docNumber null when the bracket is not a document number', () => {
    const { citations } = parsePolicyText('依据《上海市社会救助办法》(试行)执行。');
    expect(citations).toEqual([{ title: '上海市社会救助办法', docNumber: null }]);
  });

  it('keeps nested 〈〉 in titles and accepts full-width brackets', () => {
    const { citations } = parsePolicyText('按照《关于贯彻〈社会救助暂行办法〉的通知》（沪府发〔2014〕60号）执行。');
    expect(citations).toEqual([{ title: '关于贯彻〈社会救助暂行办法〉的通知', docNumber: '沪府发〔2014〕60号' }]);
  });

  it('normalises square brackets around the year', () => {
    const { citations } = parsePolicyText('见《甲通知》(国发[2014]47号)与《乙通知》（沪府办发【2015】1号）。');
    expect(citations).toEqual([
      { title: '甲通知', docNumber: '国发〔2014〕47号' },
      { title: '乙通知', docNumber: '沪府办发〔2015〕1号' },
    ]);
  });

  it('requires the bracket to follow the title immediately', () => {
    const { citations } = parsePolicyText('《甲办法》规定,(国发〔2014〕47号)另行处理。');
    expect(citations).toEqual([{ title: '甲办法', docNumber: null }]);
  });

  it('de-duplicates by title and docNumber keeping first appearance', () => {
    const body = [
      '根据《社会救助暂行办法》(国务院令第649号)和《乙办法》,',
      '再次重申《社会救助暂行办法》(国务院令第649号)及《乙办法》,',
      '另见《社会救助暂行办法》。',
    ].join('\n');
    expect(parsePolicyText(body).citations).toEqual([
      { title: '社会救助暂行办法', docNumber: '国务院令第649号' },
      { title: '乙办法', docNumber: null },
      { title: '社会救助暂行办法', docNumber: null },
    ]);
  });

  it('ignores unterminated and empty titles', () => {
    expect(parsePolicyText('《未闭合标题\n以及《》空标题').citations).toEqual([]);
  });
});
