import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { webDist } from '../../src/web';
import { startTestHub, type TestHub } from '../support/hub';
import { checkPage, describeBrowser, hubPage, launch } from './browser';

jest.setTimeout(120_000);

describeBrowser('public pages in a browser', () => {
  let t: TestHub;
  let browser: Browser;
  let origin: string;
  let dist: string;
  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestHub({ reportRateLimitPerMinute: 1000 }), launch()]);
    origin = new URL(t.url).origin;
    dist = path.join(webDist()!, 'assets');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a resident searches 临时救助 and opens the policy', async () => {
    const { context, page, outside, errors } = await hubPage(browser, origin);
    const scripts: string[] = [];
    page.on('response', (response) => {
      const match = /\/assets\/([^/?]+\.js)$/.exec(response.url());
      if (match && !scripts.includes(match[1]!)) scripts.push(match[1]!);
    });
    const started = Date.now();
    await page.goto('/');
    await page.getByRole('heading', { name: '最新救助资源' }).waitFor();
    const firstRender = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const mark = performance.getEntriesByName('jjn-home-rendered')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { fcp: paint?.startTime ?? null, data: mark?.startTime ?? null, dcl: nav.domContentLoadedEventEnd };
    });
    console.warn(
      `home first render: first contentful paint ${firstRender.fcp?.toFixed(0)} ms, newest resources shown ${firstRender.data?.toFixed(0)} ms (wall ${Date.now() - started} ms)`,
    );
    await checkPage(page, 'public-home');

    await page.getByLabel('搜索政策和救助资源').fill('临时救助');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const hit = page.locator('article.hit h2 a').first();
    await hit.waitFor();
    expect(await page.locator('article.hit mark').count()).toBeGreaterThan(0);
    await checkPage(page, 'public-search');
    const title = (await hit.textContent())!.trim();
    await hit.click();
    await page.waitForURL(/\/policies\//);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.locator('.sections h2').count()).toBeGreaterThan(0);
    await checkPage(page, 'public-policy');

    // The resources tab of the search, with its filters.
    await page.goto('/search?q=救助&tab=resources');
    await page.locator('.card').first().waitFor();
    await checkPage(page, 'public-search-resources');
    await page.locator('.card h3 a').first().click();
    await page.waitForURL(/\/resources\//);
    await page.getByText('谁可以申请').waitFor();
    await checkPage(page, 'public-resource');

    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: '页面不存在' }).waitFor();
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // Size budget of what the public pages load: each JS chunk at most 250 kB gzipped.
    const sizes = scripts.map((file) => ({
      file,
      gzipKB: gzipSync(readFileSync(path.join(dist, file))).length / 1000,
    }));
    console.warn(`public JS chunks (gzipped kB): ${sizes.map((s) => `${s.file} ${s.gzipKB.toFixed(1)}`).join(', ')}`);
    expect(Math.max(...sizes.map((s) => s.gzipKB))).toBeLessThanOrEqual(250);
  });

  it('reports an emergency and tracks it', async () => {
    const { context, page, outside, errors } = await hubPage(browser, origin);
    await page.goto('/report');
    await page.getByRole('heading', { name: '报告急难' }).waitFor();
    await checkPage(page, 'public-report');
    await page.getByRole('button', { name: '提交报告' }).click();
    await page.getByTestId('report-error').filter({ hasText: '请选择急难类型' }).waitFor();

    await page.getByLabel('火灾').check();
    const picker = page.getByRole('button', { name: /发生地/ });
    await picker.click();
    await page.getByRole('dialog').getByText('黄浦区', { exact: true }).click();
    await page.getByRole('dialog').getByText('南京东路街道', { exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect((await picker.textContent())!.trim()).toBe('黄浦区 / 南京东路街道');
    await page.getByLabel(/发生了什么/).fill('楼内失火，一家三口暂无住处，需要临时住所和衣物。');
    await page.getByLabel('联系电话（选填）').fill('13800000000');
    await page.getByRole('button', { name: '提交报告' }).click();
    const reference = (await page.getByTestId('reference').textContent())!.trim();
    const code = (await page.getByTestId('tracking-code').textContent())!.trim();
    expect(reference).toMatch(/^JJN-\d{8}-/);
    expect(code).toMatch(/^[0-9A-Z]{10}$/);
    await checkPage(page, 'public-report-done');

    await page.getByRole('link', { name: '查询办理进度' }).click();
    await page.waitForURL(/\/track/);
    expect(await page.getByLabel('事件编号').inputValue()).toBe(reference);
    await page.getByLabel('查询码').fill('WRONGCODE2');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('track-error').waitFor();
    await page.getByLabel('查询码').fill(code.toLowerCase());
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('track-status').textContent()).resolves.toBe('已报告');
    await checkPage(page, 'public-track');
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('public pages fit a 375 px wide phone', async () => {
    const { context, page } = await hubPage(browser, origin, { width: 375, height: 740 });
    for (const [path, name] of [
      ['/', 'mobile-home'],
      ['/search?q=临时救助', 'mobile-search'],
      ['/report', 'mobile-report'],
      ['/track', 'mobile-track'],
    ] as const) {
      await page.goto(path);
      await page.locator('main h1, main h2').first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await checkPage(page, name);
    }
    await context.close();
  });
});
