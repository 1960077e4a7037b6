import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { test, expect, chromium, type Page } from '@playwright/test';
import { portraitPhoto } from '../../src/server/features/elicence/testing.ts';
import { writeQrVideo } from './fake-camera.ts';
import { closeOpenedPages, consolePage, phonePage, shot, tr } from './support.ts';

// A page left open keeps rendering in the shared browser and slows every later journey.
test.afterEach(closeOpenedPages);

/**
 * The electronic driving licence end to end: a demo driver sees the licence and its points,
 * applies for the e-licence with a photo taken on the spot, a reviewer approves it in the
 * console, the card shows a live QR; a second browser at /verify scans that QR from a fake
 * camera and says "valid"; after a registry import suspends the licence (state D), the same
 * QR scanned again says why it is no longer valid.
 */
/** Taps a control by its name, whether the app made it a link or a button. */
const tap = (page: Page, name: string) => page.getByRole('link', { name }).or(page.getByRole('button', { name })).first().click();

const driver = { name: '刘洋', docNumber: '440106198811032156', phone: '13800000005', archiveNumber: '440100100005' };
const password = 'granite willow compass 61';

test('a driver applies for the e-licence, a reviewer approves, a verifier scans it; a suspension shows', async ({ browser, baseURL, request }, testInfo) => {
  test.setTimeout(180_000);
  const lang = 'zh-CN' as const;
  const l = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen-licence:${key}`, p);
  const c = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen:${key}`, p);
  const k = (key: string, p?: Record<string, string | number>) => tr(lang, `console:${key}`, p);
  const v = (key: string, p?: Record<string, string | number>) => tr(lang, `verify:${key}`, p);

  // The driver has an account (registration has its own journeys).
  const registered = await request.post('/api/v1/accounts', {
    data: { docType: 'cn_id', docNumber: driver.docNumber, name: driver.name, phone: driver.phone, regionCode: '440100', password, agreedToTerms: true },
  });
  expect(registered.status()).toBe(201);

  const page = await phonePage(browser, lang, baseURL);
  await page.goto('/login');
  await page.getByLabel(c('login.login')).fill(driver.phone);
  await page.getByLabel(c('login.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: c('login.submit'), exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  // The licence, bound by itself, with its points and scoring cycle.
  await page.getByRole('link', { name: l('tiles.licence'), exact: true }).click();
  await expect(page.getByRole('heading', { name: l('title') })).toBeVisible();
  await expect(page.getByText(driver.name).first()).toBeVisible();
  await expect(page.getByText(l('points.title'))).toBeVisible();
  await expect(page.getByText(l('points.summary', { count: 0, limit: 12 }))).toBeVisible();

  // Apply with a photo taken on the spot.
  await tap(page, l('toElicence'));
  await tap(page, l('elicence.apply'));
  await expect(page.getByText(l('apply.rulesTitle'))).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: new RegExp(l('apply.takeNow')) }).click();
  await (await chooser).setFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await portraitPhoto() });
  await expect(page.getByRole('img', { name: l('apply.previewAlt') })).toBeVisible();
  await shot(page, 'citizen-elicence-apply-zh-CN');
  await page.getByRole('button', { name: l('apply.submit') }).click();
  await expect(page.getByText(l('apply.doneTitle'))).toBeVisible();

  // A reviewer approves the photo in the console.
  const staff = await consolePage(browser, lang, baseURL);
  await staff.goto('/console');
  await staff.getByLabel(k('login.username')).fill('reviewer');
  await staff.getByLabel(k('login.password')).fill('Reviewer#2026');
  await staff.getByRole('button', { name: k('login.submit') }).click();
  await staff.getByRole('tab', { name: new RegExp(k('reviews.kinds.elicence')) }).click();
  await staff.getByRole('link', { name: driver.name }).click();
  await expect(staff.getByRole('img', { name: k('reviews.photoAlt', { n: 1 }) })).toBeVisible();
  // The photo beside the licence data it will be printed with.
  await expect(staff.getByText(k('reviews.sources.camera'))).toBeVisible();
  await expect(staff.getByText(k('reviews.photoChange.no'))).toBeVisible();
  await shot(staff, 'console-review-elicence-zh-CN');
  await staff.getByRole('button', { name: k('reviews.approve') }).click();
  await staff.getByRole('dialog').getByRole('button', { name: k('reviews.approve') }).click();
  await expect(staff.getByText(k('reviews.approved'))).toBeVisible();
  await staff.context().close();

  // The card: photo, live clock, and a QR that refreshes by itself.
  await page.goto('/elicence');
  await expect(page.getByRole('img', { name: l('elicence.qrLabel') })).toBeVisible();
  await expect(page.getByText(l('elicence.liveHint'))).toBeVisible();
  await shot(page, 'citizen-elicence-card-zh-CN');
  const me = await page.request.get('/api/v1/me/elicence');
  const { credential } = await me.json();
  expect(credential.qr.length).toBeLessThanOrEqual(1200);

  // A verifier scans the QR with a (fake) rear camera.
  const video = path.join(mkdtempSync(path.join(os.tmpdir(), 'jg-cam-')), 'qr.mjpeg');
  await writeQrVideo(credential.qr, video);
  const verifierBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const verifierContext = await verifierBrowser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: lang, permissions: ['camera'] });
    const verifier = await verifierContext.newPage();
    await verifier.goto('/verify');
    await verifier.getByRole('button', { name: v('scan.start') }).click();
    // Decoding a camera stream is slow on a loaded machine; a generous wait, and a picture if it fails.
    await expect(verifier.getByText(v('result.valid'), { exact: true }))
      .toBeVisible({ timeout: 45_000 })
      .catch(async (e: unknown) => {
        await verifier.screenshot({ path: testInfo.outputPath('verifier.png') });
        throw e;
      });
    await expect(verifier.getByText(v('result.live'))).toBeVisible();
    await expect(verifier.getByText(driver.name)).toBeVisible();
    await shot(verifier, 'verify-valid-zh-CN');

    // The registry suspends the licence (state D, 暂扣): every verification from now on says so.
    const licenceLine = readFileSync('demo/registry.ndjson', 'utf8')
      .split('\n')
      .map((line) => (line ? JSON.parse(line) : null))
      .find((r) => r?.kind === 'licence' && r.archiveNumber === driver.archiveNumber);
    const admin = await request.post('/api/v1/staff/sessions', { data: { username: 'admin', password: 'Admin#2026' } });
    const { token } = await admin.json();
    const imported = await request.post('/api/v1/staff/registry/imports', {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      data: `${JSON.stringify({ ...licenceLine, status: 'D' })}\n`,
    });
    expect((await imported.json()).updated).toBe(1);

    // "Scan next" goes straight back to the camera.
    await verifier.getByRole('button', { name: v('result.next') }).click();
    await expect(verifier.getByText(v('result.invalid'), { exact: true }))
      .toBeVisible({ timeout: 45_000 })
      .catch(async (e: unknown) => {
        await verifier.screenshot({ path: testInfo.outputPath('verifier-after-suspension.png') });
        throw e;
      });
    await expect(verifier.getByText(/暂扣/).first()).toBeVisible();
    await shot(verifier, 'verify-suspended-zh-CN');
  } finally {
    await verifierBrowser.close();
  }
});
