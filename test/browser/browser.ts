import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The system Chromium (Debian's `chromium`), or CHROMIUM_PATH; null when there is none. */
export function findChromium(): string | null {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

/** `describe` when a Chromium is installed, else a skip that says so (CI sets REQUIRE_BROWSER and must not skip). */
export function describeBrowser(name: string, body: () => void): void {
  const executable = findChromium();
  if (!executable && process.env.REQUIRE_BROWSER) throw new Error('REQUIRE_BROWSER is set but no Chromium was found');
  if (!executable) {
    console.warn(
      `browser tests SKIPPED (${name}): no Chromium found — install Debian's chromium or set CHROMIUM_PATH to run them`,
    );
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium()!,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=zh-CN'],
  });
}

export const SCREENSHOTS = path.resolve(__dirname, 'screenshots');

/**
 * A page on the hub that fails the test on any request leaving the hub (fonts, icons, CDNs) and on page errors.
 */
export async function hubPage(
  browser: Browser,
  origin: string,
  options: { width?: number; height?: number; token?: string } = {},
): Promise<{ context: BrowserContext; page: Page; outside: string[]; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: 'zh-CN',
    timezoneId: 'America/New_York', // dates must still show in Shanghai time
    baseURL: origin,
  });
  const outside: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, outside, errors };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let axeSource: string | undefined;

/** axe-core run in the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the hub's Content-Security-Policy forbids injected script tags.
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  // Judge the settled page: a tag still fading in (or a toast fading out) has, for a moment, too little
  // contrast. A run during which something moved is judged again, once it has settled (at most thrice).
  let violations: AxeViolation[] = [];
  for (let run = 0; run < 3; run++) {
    const judged = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
        }
      ).axe;
      await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
      // Watched from the moment the page settled (no task runs between the wait and these listeners).
      let moved = false;
      const onStart = () => (moved = true);
      for (const type of ['transitionstart', 'animationstart']) document.addEventListener(type, onStart, true);
      try {
        const result = await axe.run(document, { resultTypes: ['violations'] });
        moved ||= document.getAnimations().some((a) => a.playState === 'running');
        return { violations: result.violations, moved };
      } finally {
        for (const type of ['transitionstart', 'animationstart']) document.removeEventListener(type, onStart, true);
      }
    });
    violations = judged.violations;
    if (!judged.moved) break;
  }
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.jpg`), fullPage: true, type: 'jpeg', quality: 70 });
}

/** Checks a page the way every page is checked: no serious accessibility violation, a screenshot. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page)).toEqual([]);
}
