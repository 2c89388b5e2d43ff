import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';

export const DEMO_PASSWORD = 'nanjing-demo-2026';
export const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/** Every page's console errors and uncaught exceptions: any of them fails the test. */
const consoleErrors = new WeakMap<Page, string[]>();

function watch(page: Page): Page {
  const errors: string[] = [];
  consoleErrors.set(page, errors);
  page.on('console', (m) => {
    if (m.type() !== 'error' || expectedImportRefusal(m.text(), m.location().url)) return;
    errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return page;
}

/**
 * The bulk import endpoints answer a refused file with its HTTP status (422 bad cells, 413
 * too large...) by contract, and the import page shows the refusal; Chromium logs every
 * such response as a console error. Only those count as expected, nothing else.
 */
function expectedImportRefusal(text: string, url: string): boolean {
  return (
    /^Failed to load resource: the server responded with a status of 4\d\d/.test(text) &&
    /\/import\/(needs|offerings)(\?|$)/.test(new URL(url, 'http://x').pathname + (url.includes('?') ? '?' : ''))
  );
}

export const test = base.extend<{ openPage: (role?: string) => Promise<Page> }>({
  baseURL: process.env.BROWSER_BASE_URL,
  page: async ({ page }, use) => {
    watch(page);
    await use(page);
    expect(consoleErrors.get(page), 'console errors').toEqual([]);
  },
  // More users at once (a community, an organization, the organizer, the hall's screen): one browser context each.
  openPage: async ({ browser }, use) => {
    const pages: Page[] = [];
    await use(async () => {
      const page = watch(await newContextPage(browser));
      pages.push(page);
      return page;
    });
    for (const page of pages) {
      expect(consoleErrors.get(page), `console errors on ${page.url()}`).toEqual([]);
      await page.context().close();
    }
  },
});

async function newContextPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    baseURL: process.env.BROWSER_BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  return context.newPage();
}

export { expect };

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Picks an option of a searchable select the way a keyboard user does: type, then Enter. */
export async function choose(page: Page, label: string, text: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.click();
  await box.fill(text);
  await expect(page.getByTitle(text, { exact: false }).first()).toBeVisible();
  await page.keyboard.press('Enter');
}

/** No serious or critical accessibility violation (axe-core, WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    ),
    `accessibility of ${name}`,
  ).toEqual([]);
}

export async function screenshot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: false });
}

/** A valid 统一社会信用代码 (GB 32100-2015) for a new organization. */
export function creditCode(seed: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `5232010${String(seed).padStart(10, '0').slice(-10)}`.slice(0, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i]) * weights[i];
  return body + alphabet[(31 - (sum % 31)) % 31];
}
