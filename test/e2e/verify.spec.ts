import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, chromium, request as http, type Page } from '@playwright/test';
import { portraitPhoto } from '../../src/server/features/elicence/testing.ts';
import { writeEmptyDeskVideo } from './fake-camera.ts';
import { closeOpenedPages, phonePage, shot, tr, type Lang } from './support.ts';

// A page left open keeps rendering in the shared browser and slows every later journey.
test.afterEach(closeOpenedPages);

/**
 * The e-licence verifier at /verify: a credential pasted as text is checked online (signature,
 * freshness, the registry now) and, once the page and the issuer's keys are on the device,
 * offline. The holder is 赵敏, a demo identity only this journey uses.
 */
const holder = { name: '赵敏', docNumber: '110108199008094260', phone: '13800000007', regionCode: '110000', password: 'Zhao Min licence 2026' };

interface Credential {
  qr: string;
  issuedAt: string;
  expiresAt: string;
}

/** 赵敏 registered (active at once: the registry knows her), her e-licence applied for and approved; a fresh credential. */
async function freshCredential(baseURL: string | undefined): Promise<Credential> {
  // One client per person: a login cookie in a shared jar would make the other's POSTs need a CSRF header.
  const request = await http.newContext({ baseURL });
  const staffClient = await http.newContext({ baseURL });
  try {
    return await issue(request, staffClient);
  } finally {
    await request.dispose();
    await staffClient.dispose();
  }
}

type Client = Awaited<ReturnType<typeof http.newContext>>;

async function issue(request: Client, staffClient: Client): Promise<Credential> {
  const registered = await request.post('/api/v1/accounts', { data: { docType: 'cn_id', ...holder, agreedToTerms: true } });
  // 409 when an earlier test in this run (or a reused server) registered her already.
  expect([201, 409]).toContain(registered.status());
  const login = await request.post('/api/v1/sessions', { data: { login: holder.phone, password: holder.password } });
  expect(login.status()).toBe(200);
  const auth = { authorization: `Bearer ${(await login.json()).token}` };
  let mine = await (await request.get('/api/v1/me/elicence', { headers: auth })).json();
  if (mine.status === 'none' || mine.status === 'rejected') {
    const applied = await request.post('/api/v1/me/elicence/applications', {
      headers: auth,
      multipart: { source: 'camera', photo: { name: 'portrait.jpg', mimeType: 'image/jpeg', buffer: await portraitPhoto({ width: 600, height: 800 }) } },
    });
    expect(applied.status()).toBe(201);
    const staff = await staffClient.post('/api/v1/staff/sessions', { data: { username: 'reviewer', password: 'Reviewer#2026' } });
    const staffAuth = { authorization: `Bearer ${(await staff.json()).token}` };
    const queue = await (await staffClient.get('/api/v1/staff/reviews?kind=elicence&limit=200', { headers: staffAuth })).json();
    const review = (queue.items as Array<{ id: string; summary: Record<string, unknown> }>).find((r) => JSON.stringify(r.summary).includes(holder.name));
    expect(review, 'the e-licence review of 赵敏').toBeTruthy();
    const decided = await staffClient.post(`/api/v1/staff/reviews/${review!.id}/decision`, { headers: staffAuth, data: { decision: 'approve' } });
    expect(decided.status()).toBe(200);
    mine = await (await request.get('/api/v1/me/elicence', { headers: auth })).json();
  }
  expect(mine.status).toBe('issued');
  return mine.credential as Credential;
}

/** The verifier's device clock set to just after the code was issued (the server runs on its own fixed clock). */
async function deviceClockAt(page: Page, credential: Credential, secondsAfterIssue = 20) {
  await page.clock.setSystemTime(new Date(Date.parse(credential.issuedAt) + secondsAfterIssue * 1000));
}

async function paste(page: Page, lang: Lang, text: string) {
  await page.getByLabel(tr(lang, 'verify:paste.label')).fill(text);
  await page.getByRole('button', { name: tr(lang, 'verify:paste.submit'), exact: true }).click();
}

test('a pasted credential is valid online; an altered one is not', async ({ browser, baseURL }) => {
  const lang: Lang = 'zh-CN';
  const v = (key: string, p?: Record<string, string>) => tr(lang, `verify:${key}`, p);
  const credential = await freshCredential(baseURL);
  const page = await phonePage(browser, lang, baseURL);
  await deviceClockAt(page, credential);
  await page.goto('/verify');
  await expect(page.getByRole('heading', { name: v('title') })).toBeVisible();

  await paste(page, lang, credential.qr);
  await expect(page.getByRole('heading', { name: v('result.valid'), exact: true })).toBeVisible();
  await expect(page.getByText(holder.name, { exact: true })).toBeVisible();
  await expect(page.getByText('1101**********4260')).toBeVisible();
  await expect(page.getByText('C1', { exact: true })).toBeVisible();
  await expect(page.getByText(v('result.live'))).toBeVisible();
  // The whole document number never reaches the page.
  expect(await page.content()).not.toContain(holder.docNumber);

  // One character of the signature changed: refused as possibly forged, with no holder shown.
  await page.getByRole('button', { name: v('result.next') }).click();
  const sig = credential.qr.lastIndexOf('.') + 5;
  const altered = credential.qr.slice(0, sig) + (credential.qr[sig] === 'A' ? 'B' : 'A') + credential.qr.slice(sig + 1);
  // "Next" opens the camera when there is one; this headless browser has none, so the paste box is back with a notice.
  await expect(page.getByRole('alert')).toBeVisible();
  await paste(page, lang, altered);
  await expect(page.getByRole('heading', { name: v('result.invalid'), exact: true })).toBeVisible();
  await expect(page.getByText(v('result.reasons.bad_signature'))).toBeVisible();
  await expect(page.getByText(holder.name, { exact: true })).toHaveCount(0);
  await page.context().close();
});

test('offline, the cached page and keys still verify a fresh credential and refuse a stale one', async ({ browser, baseURL }) => {
  const lang: Lang = 'en';
  const v = (key: string) => tr(lang, `verify:${key}`);
  const page = await phonePage(browser, lang, baseURL);
  const first = await freshCredential(baseURL);
  await deviceClockAt(page, first);
  await page.goto('/verify');
  // Online once: the service worker takes the page and the keys are stored on the device.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect(page.getByText(/Signing keys updated/)).toBeVisible();
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: v('title') })).toBeVisible();
  await expect(page.getByText(v('network.offline'), { exact: false })).toBeVisible();

  const credential = await freshCredential(baseURL);
  await deviceClockAt(page, credential);
  await paste(page, lang, credential.qr);
  await expect(page.getByRole('heading', { name: v('result.validOffline'), exact: true })).toBeVisible();
  await expect(page.getByText(v('result.offline'))).toBeVisible();
  await expect(page.getByText(holder.name, { exact: true })).toBeVisible();
  await expect(page.getByText(/^Signing keys from /)).toBeVisible();

  // Ten minutes later the same code is stale: a screenshot passed on does not verify.
  await deviceClockAt(page, credential, 600);
  await page.getByRole('button', { name: v('result.next') }).click();
  await paste(page, lang, credential.qr);
  await expect(page.getByRole('heading', { name: v('result.invalid'), exact: true })).toBeVisible();
  await expect(page.getByText(v('result.reasons.expired'), { exact: false })).toBeVisible();
  await page.context().close();
});

test('a camera that sees no code keeps scanning and, after a while, suggests moving the phone', async ({ baseURL }, testInfo) => {
  const lang: Lang = 'zh-HK';
  const v = (key: string) => tr(lang, `verify:${key}`);
  const video = path.join(mkdtempSync(path.join(os.tmpdir(), 'jg-cam-')), 'desk.mjpeg');
  await writeEmptyDeskVideo(video);
  const camera = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await camera.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: lang, permissions: ['camera'] });
    await context.addInitScript((l) => localStorage.setItem('jg.lang', l), lang);
    const page = await context.newPage();
    await page.goto('/verify');
    await page.getByRole('button', { name: v('scan.start') }).click();
    await expect(page.getByText(v('scan.hint'))).toBeVisible();
    // The camera plays: the "opening" note is gone and the video has a picture.
    await expect(page.getByText(v('scan.starting'))).toHaveCount(0, { timeout: 20_000 });
    await expect.poll(() => page.locator('video').evaluate((el: HTMLVideoElement) => el.videoWidth)).toBeGreaterThan(0);
    await expect(page.getByText(v('scan.slow'))).toBeVisible({ timeout: 20_000 });
    // Still filming: the hint is advice, not the end of the scan.
    expect(await page.locator('video').evaluate((el: HTMLVideoElement) => el.srcObject !== null && !el.paused)).toBe(true);
    await shot(page, 'verify-scan-slow-zh-HK');
    // Stopping releases the camera and goes back to the start.
    await page.getByRole('button', { name: v('scan.cancel') }).click();
    await expect(page.getByRole('button', { name: v('scan.start') })).toBeVisible();
  } catch (e) {
    await camera.contexts()[0]?.pages()[0]?.screenshot({ path: testInfo.outputPath('scanner.png') });
    throw e;
  } finally {
    await camera.close();
  }
});
