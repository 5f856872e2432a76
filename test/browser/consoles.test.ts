import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ReportWithCodeDocument } from '../generated/graphql';
import { castOf, type Cast } from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';
import { until } from '../support/ws';
import { checkPage, describeBrowser, hubPage, launch } from './browser';

jest.setTimeout(240_000);

async function devSignIn(
  page: Page,
  path: string,
  choose: (page: Page) => Promise<unknown>,
  street: string = '南京东路街道',
) {
  await page.goto(path);
  await page.waitForURL(/sign-in/);
  await page.getByRole('heading', { name: '开发环境登录' }).waitFor();
  await choose(page);
  await page.getByLabel('区').selectOption({ label: '黄浦区' });
  await page.getByLabel('街道/乡镇').selectOption({ label: street });
  await page.getByRole('button', { name: '生成令牌并登录' }).click();
  await page.getByRole('button', { name: '退出' }).waitFor();
}

describeBrowser('charity and caseworker consoles in a browser', () => {
  let t: TestHub;
  let browser: Browser;
  let origin: string;
  let cast: Cast;
  let assistedReference = '';
  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestHub({ reportRateLimitPerMinute: 1000 }), launch()]);
    origin = new URL(t.url).origin;
    cast = await castOf(t, `南京东路街道爱心互助社-${process.pid}`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('from a published donation to a case ASSISTED, through both consoles', async () => {
    const title = `火灾应急现金捐赠-${Date.now()}`;
    // A resident watching the public home page; its subscription is registered before anything is published.
    const resident = await hubPage(browser, origin, { width: 390, height: 800 });
    const listening = t.hub.bus.size;
    await resident.page.goto('/');
    await resident.page.getByRole('heading', { name: '最新救助资源' }).waitFor();
    await until(() => t.hub.bus.size > listening, 15_000, 'the home page’s resourcePublished subscription');

    // The charity signs in (development sign-in) and drafts a donation with a rule built from the fact catalogue.
    const charity = await hubPage(browser, origin);
    const org = charity.page;
    await devSignIn(org, '/org', async (p) => {
      await checkPage(p, 'org-sign-in');
      await p.getByLabel('机构').selectOption({ label: `南京东路街道爱心互助社-${process.pid}（南京东路街道）` });
    });
    await org.getByRole('heading', { name: '我的资源' }).waitFor();
    await org.getByRole('link', { name: '发布资源', exact: true }).click();
    await org.getByLabel('类别').selectOption('DONATION');
    await org.getByLabel('名称（必填）').fill(title);
    await org.getByLabel('说明（必填）').fill('为遭遇火灾的困难家庭提供应急生活费');
    await org.getByLabel('救助金').check();
    await org.getByLabel('火灾').check();
    await org.getByLabel('服务区域').selectOption({ label: '黄浦区' });
    await org.getByLabel('总量').fill('1000');
    await org.getByRole('button', { name: '+ 添加条件' }).click();
    // The facts, their values and the operator words come from the hub's catalogue (eligibilityFacts).
    await org.getByLabel('条件 1 的事实').selectOption({ label: '家庭类别' });
    await org.getByTestId('condition-0').getByLabel('低收入家庭').check();
    await org.getByTestId('condition-0').getByLabel('低保家庭').check();
    await checkPage(org, 'org-resource-form');
    await org.getByRole('button', { name: '保存为草稿' }).click();
    await org.getByRole('heading', { name: '我的资源' }).waitFor();
    const row = org.locator(`tr[data-title="${title}"]`);
    await row.getByText('草稿').waitFor();

    // It edits the draft: the stored rule comes back as conditions; it adds an income limit and raises the total.
    await row.getByRole('link', { name: `修改 ${title}` }).click();
    await org.getByRole('heading', { name: '修改资源' }).waitFor();
    expect(await org.getByTestId('condition-0').getByLabel('低收入家庭').isChecked()).toBe(true);
    expect(await org.getByLabel('总量').inputValue()).toBe('1000');
    await org.getByRole('button', { name: '+ 添加条件' }).click();
    await org.getByLabel('条件 2 的事实').selectOption({ label: '家庭月人均收入' });
    await org.getByLabel('条件 2 的比较').selectOption({ label: '不高于' });
    await org.getByLabel('条件 2 的数值').fill('3000');
    await org.getByLabel('总量').fill('2000');
    expect(await org.getByTestId('rules-preview').textContent()).toContain(
      '家庭类别为低收入家庭或低保家庭，且家庭月人均收入不高于 3000 元',
    );
    await checkPage(org, 'org-resource-edit');
    await org.getByRole('button', { name: '保存并发布' }).click();
    await org.getByRole('heading', { name: '我的资源' }).waitFor();
    await row.getByText('已发布').waitFor();
    await row.getByText('2,000').waitFor();
    await checkPage(org, 'org-resources');

    // The resident sees it arrive without reloading.
    await resident.page.getByRole('link', { name: title }).waitFor();
    await resident.page.getByText('新发布').first().waitFor();
    await checkPage(resident.page, 'public-home-live');

    // Published, it changes only in wording; the form says so.
    await row.getByRole('link', { name: `修改 ${title}` }).click();
    await org.getByTestId('wording-only').waitFor();
    expect(await org.getByLabel('总量').isDisabled()).toBe(true);
    await checkPage(org, 'org-resource-edit-published');
    await org.getByLabel('联系方式').fill('021-63210000');
    await org.getByRole('button', { name: '保存修改' }).click();
    await org.getByRole('heading', { name: '我的资源' }).waitFor();

    // The caseworker has the worklist open; a report for the street appears in it without reloading.
    const worker = await hubPage(browser, origin);
    const work = worker.page;
    const before = t.hub.bus.size;
    await devSignIn(work, '/work', async (p) => {
      await p.getByLabel('角色').selectOption('CASEWORKER');
    });
    await work.getByRole('heading', { name: '待办事件' }).waitFor();
    await until(() => t.hub.bus.size > before, 15_000, 'the worklist’s emergencyCaseUpdated subscription');
    const reported = await t.gql(ReportWithCodeDocument, {
      input: {
        emergencyType: 'FIRE',
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        areaCode: '310101002',
        description: '居民家中失火，一家三口暂无生活费',
        channel: 'HOTLINE',
        reporterName: '李某',
        reporterPhone: '13900000000',
        idempotencyKey: `browser-${Date.now()}`,
      },
    });
    const reference = reported.data!.emergencyReport.emergencyCase!.reference;
    await work.getByRole('link', { name: reference }).waitFor();
    await work
      .getByTestId('live-note')
      .filter({ hasText: `新报告 ${reference}` })
      .waitFor();
    await checkPage(work, 'work-list');

    // The caseworker takes it, records the household, adds a need and commits the donation.
    await work.getByRole('link', { name: reference }).click();
    await work.getByRole('button', { name: '认领（首问负责）' }).click();
    await work.getByRole('button', { name: '登记家庭并核实事件' }).waitFor();
    await work.getByLabel('家庭类别').selectOption('LOW_INCOME');
    await work.getByLabel('月人均收入（元，未知可不填）').fill('1800');
    await work.getByLabel('户主姓名').fill('李某');
    await work.getByLabel('户主电话').fill('13900000000');
    await work.getByRole('button', { name: '登记家庭并核实事件' }).click();
    await work.getByTestId('case-status').filter({ hasText: '已核实' }).waitFor();
    await work.getByLabel('说明').fill('临时生活费');
    await work.getByLabel('金额（元）').fill('1000');
    await work.getByRole('button', { name: '登记需求' }).click();
    await work.getByRole('button', { name: '查看匹配资源' }).click();
    const match = work.locator(`tr[data-title="${title}"]`);
    await match.getByText('符合', { exact: true }).waitFor();
    await match.getByText('符合：家庭类别为低收入家庭或低保家庭').waitFor();
    await checkPage(work, 'work-case-matches');
    await match.getByRole('button', { name: '承诺并转介' }).click();
    await work.getByText(/转介 .*：已发送/).waitFor();

    // The charity answers in its inbox.
    await org.getByRole('link', { name: '转介收件箱' }).click();
    await org.getByRole('heading', { name: '转介收件箱' }).waitFor();
    const referral = org.getByTestId('referral-SENT').filter({ hasText: title });
    await referral.waitFor();
    await checkPage(org, 'org-inbox');
    await referral.getByRole('button', { name: '接收' }).click();
    const accepted = org.getByTestId('referral-ACCEPTED').filter({ hasText: title });
    await accepted.getByRole('button', { name: '完成救助' }).click();
    await org.getByTestId('referral-COMPLETED').filter({ hasText: title }).waitFor();

    // The caseworker's page shows the case ASSISTED.
    await work.getByTestId('case-status').filter({ hasText: '已救助' }).waitFor({ timeout: 20_000 });
    await work.getByText(/转介 .*：已完成/).waitFor();
    await checkPage(work, 'work-case-assisted');
    assistedReference = reference;

    await work.getByRole('link', { name: '上报需求' }).click();
    await work.getByRole('heading', { name: '上报需求（统筹协调）' }).waitFor();
    await checkPage(work, 'work-escalated');

    for (const { outside, errors } of [resident, charity, worker]) {
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    }
    void cast;
  });

  it('an auditor reads the supervision report and downloads it; a coordinator sees households at risk', async () => {
    const auditor = await hubPage(browser, origin);
    const page = auditor.page;
    await devSignIn(page, '/work', (p) => p.getByLabel('角色').selectOption('AUDITOR'), '（整个区）');
    await page.getByRole('link', { name: '督查报告' }).click();
    await page.getByRole('heading', { name: '督查报告' }).waitFor();
    // The first test's report is in it, under its street.
    const street = page.locator('tr[data-group="310101002"]');
    await street.waitFor();
    expect(Number(await street.locator('td').first().textContent())).toBeGreaterThanOrEqual(1);
    await checkPage(page, 'work-supervision');
    for (const [button, extension] of [
      ['CSV 表格', 'csv'],
      ['Excel 表格', 'xlsx'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^supervision-310101-.*\\.${extension}$`));
      const saved = await download.path();
      const bytes = readFileSync(saved);
      if (extension === 'csv') expect(bytes.toString('utf8')).toContain('南京东路街道');
      else expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: the xlsx container
    }
    expect(await page.getByRole('link', { name: '风险家庭' }).count()).toBe(0);

    // 跟踪督查: the auditor opens the assisted case, reads its timeline and puts it under tracking.
    await page.getByRole('link', { name: '待办事件' }).click();
    await page.getByRole('link', { name: assistedReference }).click();
    const timeline = page.getByRole('list', { name: '办理时间线' });
    await timeline.locator('li[data-kind="REFERRAL_COMPLETED"]').waitFor();
    await timeline.locator('li[data-kind="REPORTED"]').waitFor();
    expect(await page.getByRole('button', { name: '认领（首问负责）' }).count()).toBe(0);
    await page.getByLabel('跟踪理由').fill('火灾救助抽查');
    await page.getByRole('button', { name: '列入跟踪督查' }).click();
    await page.getByTestId('tracking').filter({ hasText: '火灾救助抽查' }).waitFor();
    await timeline.locator('li[data-kind="TRACKED"]').waitFor();
    await checkPage(page, 'work-case-tracking');
    await page.getByRole('link', { name: '跟踪督查' }).click();
    await page.locator(`tr[data-reference="${assistedReference}"]`).getByText('火灾救助抽查').waitFor();
    await checkPage(page, 'work-tracked');

    const coordinator = await hubPage(browser, origin);
    await devSignIn(coordinator.page, '/work', (p) => p.getByLabel('角色').selectOption('COORDINATOR'), '（整个区）');
    await coordinator.page.getByRole('link', { name: '风险家庭' }).click();
    await coordinator.page.getByRole('heading', { name: '风险家庭' }).waitFor();
    await coordinator.page.getByRole('table', { name: '风险家庭' }).waitFor();
    await coordinator.page.waitForLoadState('networkidle');
    await checkPage(coordinator.page, 'work-risk');
    for (const { outside, errors } of [auditor, coordinator]) {
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    }
  });
});
