import { readFileSync } from 'node:fs';
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import sharp from 'sharp';

export type Lang = 'zh-CN' | 'zh-HK' | 'en';

const catalogues = new Map<string, Record<string, unknown>>();

/** A text from the app's own catalogues, so one journey reads the same in every language. */
export function tr(lang: Lang, nsKey: string, params: Record<string, string | number> = {}): string {
  const [ns, key] = nsKey.split(':') as [string, string];
  const file = `src/i18n/locales/${lang}/${ns}.json`;
  if (!catalogues.has(file)) catalogues.set(file, JSON.parse(readFileSync(file, 'utf8')));
  let value: unknown = catalogues.get(file);
  for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== 'string') throw new Error(`no text ${nsKey} in ${lang}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/**
 * Contexts opened by `phonePage` and `consolePage` and not closed yet. The worker's browser
 * lives through every test: a page left open keeps rendering (the e-licence's sheen, emblem
 * and live dot animate forever), and on two cores that slowed every later journey about
 * twofold. Each spec closes them after each test (`test.afterEach(closeOpenedPages)`).
 */
const opened = new Set<BrowserContext>();

function track(context: BrowserContext): BrowserContext {
  opened.add(context);
  context.on('close', () => opened.delete(context));
  return context;
}

/** Closes what `phonePage` and `consolePage` opened, even when the test failed halfway. */
export async function closeOpenedPages(): Promise<void> {
  const contexts = [...opened];
  opened.clear();
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
}

/** A phone-size page (the project's default viewport) that starts in `lang`. */
export async function phonePage(browser: Browser, lang: Lang, baseURL: string | undefined): Promise<Page> {
  const context = track(
    await browser.newContext({
      baseURL,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: lang,
      timezoneId: 'Asia/Shanghai',
    }),
  );
  await context.addInitScript((l) => {
    // about:blank has no storage; the app's own pages do.
    try {
      if (!localStorage.getItem('jg.lang')) localStorage.setItem('jg.lang', l);
    } catch {}
  }, lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  return page;
}

/** A desktop-size page for the staff console. */
export async function consolePage(browser: Browser, lang: Lang, baseURL: string | undefined): Promise<Page> {
  const context = track(await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, locale: lang, timezoneId: 'Asia/Shanghai' }));
  await context.addInitScript((l) => {
    try {
      if (!localStorage.getItem('jg.lang')) localStorage.setItem('jg.lang', l);
    } catch {}
  }, lang);
  return context.newPage();
}

export interface OutboxSms {
  to: string;
  text: string;
  purpose: string;
  code?: string;
  sentAt: string;
}

/**
 * Waits for an SMS of `purpose` to arrive in the outbox (sent by a background job) and returns
 * the newest. (The server runs on its own clock, JIAOGUAN_NOW, so times are not compared here.)
 */
export async function waitForSms(request: APIRequestContext, phone: string, purpose: string): Promise<OutboxSms> {
  let found: OutboxSms | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/v1/dev/sms?phone=${phone}`);
        const list = (await res.json()) as OutboxSms[];
        found = list.find((m) => m.purpose === purpose);
        return Boolean(found);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** A photo of an identity document, as a phone camera would send it. */
export async function documentPhoto(name: string, number: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="760">
    <rect width="1200" height="760" rx="40" fill="#5b6ee1"/>
    <text x="60" y="110" font-size="54" fill="#fff" font-family="sans-serif">HONG KONG IDENTITY CARD</text>
    <rect x="860" y="200" width="260" height="320" fill="#ddd"/>
    <text x="60" y="300" font-size="64" fill="#fff" font-family="Noto Sans CJK SC, sans-serif">${name}</text>
    <text x="60" y="640" font-size="60" fill="#fff" font-family="monospace">${number}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** Picks province and city in the registration form's cascade picker. */
export async function pickRegion(page: Page, province: string, city: string) {
  await page.locator('#registration_region').click();
  const columns = page.locator('.adm-picker-view-column');
  await columns.nth(0).getByText(province, { exact: true }).waitFor();
  await columns.nth(0).getByText(province, { exact: true }).dispatchEvent('click');
  await expect(columns.nth(1).getByText(city, { exact: true })).toBeVisible();
  await columns.nth(1).getByText(city, { exact: true }).dispatchEvent('click');
  await page.waitForTimeout(300);
  await page.locator('.adm-picker-header-button').last().click();
  await expect(page.locator('#registration_region')).toContainText(city);
}

/** Enters a gesture by tapping the pad's labelled dots (1-based labels) and pressing Done. */
export async function drawGesture(page: Page, lang: Lang, dots: number[]) {
  for (const d of dots) await page.getByRole('button', { name: tr(lang, 'citizen:gesture.dot', { n: d + 1 }), exact: true }).click();
  await page.getByRole('button', { name: tr(lang, 'citizen:gesture.done'), exact: true }).click();
}

export const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/${name}.png` });
