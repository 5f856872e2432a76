import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, highlight } from '../../src/search/highlight';

const corpus = readFileSync(join(__dirname, '../../seeds/data/jiujinan-2017.txt'), 'utf8');

function plain(fragment: string): string {
  return fragment.replace(/<\/?em>/g, '').replace(/^…|…$/g, '');
}

describe('highlight', () => {
  it('marks a whole domain term in the corpus', () => {
    const fragments = highlight(corpus, [['首问负责制']]);
    expect(fragments).toHaveLength(1);
    expect(fragments[0]).toContain('建立急难事件“<em>首问负责制</em>”');
    expect(fragments[0].startsWith('…')).toBe(true);
    expect(fragments[0].endsWith('…')).toBe(true);
  });

  it('prefers the whole part as a phrase, else its tokens', () => {
    const phrase = highlight('缩短急难事件报告、核实和响应时限', [['急难事件', '报告']]);
    expect(phrase).toEqual(['缩短<em>急难事件报告</em>、核实和响应时限']);
    const tokens = highlight('妥善保障基本生活', [['生活', '保障']]);
    expect(tokens).toEqual(['妥善<em>保障</em>基本<em>生活</em>']);
  });

  it('merges overlapping and touching matches', () => {
    expect(highlight('社会力量参与', [['社会'], ['社会力量'], ['力量', '参与']])).toEqual(['<em>社会力量参与</em>']);
  });

  it('chooses up to maxFragments windows covering distinct terms', () => {
    const fragments = highlight(corpus, [['社会力量'], ['购买服务']]);
    expect(fragments.length).toBe(2);
    expect(fragments[0]).toContain('<em>购买服务</em>');
    expect(fragments[0]).toContain('<em>社会力量</em>');
    expect(highlight(corpus, [['临时救助']], { maxFragments: 1 })).toHaveLength(1);
    expect(highlight(corpus, [['临时救助']], { maxFragments: 5 }).length).toBeGreaterThan(2);
  });

  it('keeps fragments near fragmentLength and cuts with …', () => {
    for (const f of highlight(corpus, [['临时救助']], { fragmentLength: 30, maxFragments: 3 })) {
      expect(plain(f).length).toBeLessThanOrEqual(32);
    }
  });

  it('escapes HTML everywhere, including matched terms', () => {
    const text = `<script>alert("x")</script> & 'q' 救助 <b>`;
    const [fragment] = highlight(text, [['救助'], ['<b>']], { fragmentLength: 200 });
    expect(fragment).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; <em>救助</em> <em>&lt;b&gt;</em>',
    );
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('matches Latin case-insensitively and collapses whitespace', () => {
    expect(highlight('Call the\n\nHOTLINE now', [['hotline']])).toEqual(['Call the <em>HOTLINE</em> now']);
  });

  it('returns [] when nothing matches', () => {
    expect(highlight(corpus, [['火箭', '发动机']])).toEqual([]);
    expect(highlight('', [['救助']])).toEqual([]);
    expect(highlight(corpus, [])).toEqual([]);
    expect(highlight(corpus, [['救助']], { maxFragments: 0 })).toEqual([]);
  });

  it('does not split surrogate pairs', () => {
    const text = '😀'.repeat(20) + '救助' + '😀'.repeat(20);
    for (const f of highlight(text, [['救助']], { fragmentLength: 11 })) {
      expect(f).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u);
    }
  });
});

describe('highlight on repeated passages', () => {
  it('does not return the same fragment twice', () => {
    const sentence = '通过购买服务的形式,引导、鼓励社会力量参与。';
    const fragments = highlight(`${sentence}${'无关内容。'.repeat(20)}${sentence}`, [['购买服务']], {
      fragmentLength: 20,
    });
    expect(new Set(fragments).size).toBe(fragments.length);
  });
});
