import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import sharp from 'sharp';
import { closeOpenedPages, consolePage, documentPhoto, phonePage, shot, tr, type Lang } from './support.ts';

// A page left open keeps rendering in the shared browser and slows every later journey.
test.afterEach(closeOpenedPages);

/**
 * A Macau resident's violations: 林美华 rented 粤BD12345 from 2026-10-01 09:00 to 10-05 18:00,
 * so its camera record of 10-03 is hers to handle and the one of 10-08 is not; her own 澳车北上
 * car MX-12-34 has a record she objects to, and a reviewer upholds the objection.
 */
const person = { name: '林美华', docType: 'mo_id', docNumber: '1234567(8)', phone: '13800000013', regionCode: '440400' };
const password = 'Taipa ferry lanterns 2026';
const RENTAL_REF = '4403002026100300010';
const OUTSIDE_RENTAL_REF = '4403002026100800011';
const MACAU_REF = '4404002026102200009';

/**
 * Her account, registered and approved once per server run. Macau documents go to manual
 * review, so a reviewer approves her through the staff API (the console approval itself is
 * covered by the Hong Kong journey).
 */
async function ensureAccount(request: APIRequestContext) {
  const login = await request.post('/api/v1/sessions', { data: { login: person.phone, password } });
  if (login.ok()) return;
  const created = await request.post('/api/v1/accounts', { data: { ...person, password, agreedToTerms: true } });
  expect(created.status(), await created.text()).toBe(201);
  const { id, status, uploadToken } = (await created.json()) as { id: string; status: string; uploadToken: string };
  expect(status).toBe('pending_review');
  const photo = await request.post(`/api/v1/accounts/${id}/document-photos`, {
    headers: { authorization: `Bearer ${uploadToken}` },
    multipart: { photo: { name: 'macau-id.jpg', mimeType: 'image/jpeg', buffer: await documentPhoto(person.name, person.docNumber) } },
  });
  expect(photo.status(), await photo.text()).toBe(202);
  const staff = await request.post('/api/v1/staff/sessions', { data: { username: 'reviewer', password: 'Reviewer#2026' } });
  expect(staff.ok(), await staff.text()).toBe(true);
  const auth = { authorization: `Bearer ${(await staff.json()).token}` };
  const queue = await request.get('/api/v1/staff/reviews?kind=identity&status=pending&limit=100', { headers: auth });
  const item = ((await queue.json()).items as Array<{ id: string; summary: { name?: string } }>).find((i) => i.summary.name === person.name);
  expect(item, 'her identity review is queued').toBeTruthy();
  const decided = await request.post(`/api/v1/staff/reviews/${item!.id}/decision`, { headers: auth, data: { decision: 'approve' } });
  expect(decided.status(), await decided.text()).toBe(200);
}

async function logIn(page: Page, lang: Lang) {
  const c = (key: string) => tr(lang, `citizen:${key}`);
  await page.goto('/login');
  await page.getByLabel(c('login.login')).fill(person.phone);
  await page.getByLabel(c('login.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: c('login.submit'), exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** The card of one record in the list, found by its link. */
const card = (page: Page, ref: string) => page.locator(`a[href="/violations/${ref}"]`);

test('a Macau resident sees the record of her rental period and handles it online (zh-HK)', async ({ browser, baseURL, request }) => {
  const lang: Lang = 'zh-HK';
  const v = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen-violations:${key}`, p);
  await ensureAccount(request);
  const page = await phonePage(browser, lang, baseURL);
  await logIn(page, lang);

  await page.getByRole('link', { name: v('tiles.violations') }).click();
  await expect(page).toHaveURL(/\/violations$/);
  await expect(page.getByRole('heading', { name: v('title') })).toBeVisible();
  // Inside the rental period: hers, marked as such. Outside it: not shown at all.
  const rental = card(page, RENTAL_REF);
  await expect(rental.getByRole('img', { name: '粤BD12345' })).toBeVisible();
  await expect(rental).toContainText(v('badges.rental'));
  await expect(rental).toContainText('¥200.00');
  await expect(card(page, OUTSIDE_RENTAL_REF)).toHaveCount(0);
  // Her own Macau car, without the rental badge.
  const macau = card(page, MACAU_REF);
  await expect(macau.getByRole('img', { name: 'MX-12-34' })).toBeVisible();
  await expect(macau).not.toContainText(v('badges.rental'));
  await shot(page, 'violations-list-zh-HK');

  // The vehicles screen links here with ?plate=: one plate, as a chip that can be removed.
  await page.goto('/violations?plate=MX-12-34');
  await expect(card(page, MACAU_REF)).toBeVisible();
  await expect(card(page, RENTAL_REF)).toHaveCount(0);
  await page.getByRole('button', { name: v('plateFilter.clear', { plate: 'MX-12-34' }) }).click();
  await expect(card(page, RENTAL_REF)).toBeVisible();
  await expect(page).not.toHaveURL(/plate=/);

  // The rental record in full, and handling it: 0 points, ¥200.
  await card(page, RENTAL_REF).click();
  await expect(page.getByRole('heading', { name: v('detail.title') })).toBeVisible();
  await expect(page.getByText(v('rentalNote'))).toBeVisible();
  await expect(page.getByText(v('relations.renter'))).toBeVisible();
  await shot(page, 'violation-detail-zh-HK');
  await page.getByRole('button', { name: v('actions.handle') }).click();
  const sheet = page.getByRole('dialog', { name: v('handle.sheetTitle') });
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('¥200.00');
  await expect(sheet).toContainText(v('points', { count: 0 }));
  await expect(sheet).toContainText(v('handle.pointsAfterValue', { total: 0 }));
  await page.waitForTimeout(400);
  await shot(page, 'violation-handle-confirm-zh-HK');
  await sheet.getByRole('button', { name: v('handle.confirm') }).click();

  await expect(page.getByRole('heading', { name: v('handle.decidedTitle') })).toBeVisible();
  const decisionNo = (await page.locator('.jg-viol-result__decision').textContent())?.trim() ?? '';
  expect(decisionNo).toMatch(/^\d{16}$/);
  await expect(page.getByRole('link', { name: v('actions.pay') })).toHaveAttribute('href', `/fines/${decisionNo}`);
  await shot(page, 'violation-decision-zh-HK');

  // The record has moved to the handled tab, with what is to pay.
  await page.getByRole('link', { name: v('detail.backToList') }).click();
  await expect(card(page, RENTAL_REF)).toHaveCount(0);
  await page.getByRole('tab', { name: v('tabs.handled') }).click();
  await expect(card(page, RENTAL_REF)).toContainText(v('fields.payable'));
  await expect(card(page, RENTAL_REF)).toContainText(v('fields.dueOn'));
  await shot(page, 'violations-handled-zh-HK');
  await page.context().close();
});

test('she objects to the record of her Macau car and a reviewer upholds it', async ({ browser, baseURL, request }) => {
  const lang: Lang = 'zh-CN';
  const v = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen-violations:${key}`, p);
  const k = (key: string, p?: Record<string, string | number>) => tr(lang, `console:${key}`, p);
  await ensureAccount(request);
  const page = await phonePage(browser, lang, baseURL);
  await logIn(page, lang);

  await page.goto(`/violations/${MACAU_REF}`);
  await expect(page.getByRole('img', { name: 'MX-12-34' }).first()).toBeVisible();
  await page.getByRole('link', { name: v('actions.object') }).click();
  await expect(page).toHaveURL(new RegExp(`/violations/${MACAU_REF}/objection$`));
  const reason = '当天车辆停在澳门氹仔的停车场，未进入内地，请核查卡口过车记录。';
  await page.getByLabel(v('objection.reason')).fill(reason);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: v('objection.addPhoto') }).click();
  const evidence = await sharp({ create: { width: 1024, height: 768, channels: 3, background: '#6b8fb3' } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="768"><text x="60" y="400" font-size="56" fill="#fff" font-family="sans-serif">PARKING RECEIPT 2026-10-22</text></svg>') }])
    .jpeg()
    .toBuffer();
  await (await chooser).setFiles({ name: 'parking-receipt.jpg', mimeType: 'image/jpeg', buffer: evidence });
  await expect(page.getByRole('img', { name: v('objection.photoAlt', { n: 1 }) })).toBeVisible();
  await shot(page, 'violation-objection-zh-CN');
  await page.getByRole('button', { name: v('objection.submit') }).click();
  await expect(page.getByText(v('objection.submittedBody'))).toBeVisible();

  // While it is reviewed the record cannot be handled.
  await page.goto(`/violations/${MACAU_REF}`);
  await expect(page.getByText(v('detail.objectionPending'))).toBeVisible();
  await expect(page.getByRole('button', { name: v('actions.handle') })).toHaveCount(0);

  // The reviewer sees the record, the reason and the photo, and upholds the objection.
  const staff = await consolePage(browser, lang, baseURL);
  await staff.goto('/console');
  await staff.getByLabel(k('login.username')).fill('reviewer');
  await staff.getByLabel(k('login.password')).fill('Reviewer#2026');
  await staff.getByRole('button', { name: k('login.submit') }).click();
  await staff.getByRole('tab', { name: k('reviews.kinds.objection') }).click();
  // The queue names the record and the start of the reason, not a document.
  const row = staff.getByRole('row').filter({ has: staff.getByRole('link', { name: 'MX-12-34' }) });
  await expect(row).toContainText('10393');
  await expect(row).toContainText(reason.slice(0, 8));
  await shot(staff, 'console-objection-queue-zh-CN');
  await staff.getByRole('link', { name: 'MX-12-34' }).click();
  await expect(staff.getByText(reason)).toBeVisible();
  await expect(staff.getByRole('img', { name: k('reviews.objection.photoAlt', { n: 1 }) })).toBeVisible();
  await expect(staff.getByText('¥50.00')).toBeVisible();
  await shot(staff, 'console-objection-review-zh-CN');
  await staff.getByRole('button', { name: k('reviews.objection.approve') }).click();
  await staff.getByRole('dialog').getByRole('button', { name: k('reviews.objection.approve') }).click();
  await expect(staff.getByText(k('reviews.objection.approved'))).toBeVisible();
  await staff.context().close();

  // Upheld: the record is withdrawn from her list.
  await page.goto('/violations');
  await expect(card(page, RENTAL_REF).or(page.getByText(v('empty.unhandled')))).toBeVisible();
  await expect(card(page, MACAU_REF)).toHaveCount(0);
  await page.goto(`/violations/${MACAU_REF}`);
  await expect(page.getByText(v('detail.notFound'))).toBeVisible();
  await page.context().close();
});
