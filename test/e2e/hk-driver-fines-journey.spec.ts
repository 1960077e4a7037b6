import { test, expect, request as requestContexts, type APIRequestContext, type Page } from '@playwright/test';
import { closeOpenedPages, documentPhoto, phonePage, shot, tr, type Lang } from './support.ts';

// A page left open keeps rendering in the shared browser and slows every later journey.
test.afterEach(closeOpenedPages);

/**
 * A Hong Kong driver pays a fine: 陈大文 (Hong Kong identity card, manual review) sees his
 * 港车北上 car and its camera violation, handles it, and pays the fine through the sandbox
 * cashier to an electronic receipt. A second test: a payment that fails at the cashier, then
 * a retry that pays, on an overdue on-site fine (so the late fee shows).
 */
const DRIVER = { name: '陈大文', docType: 'hk_id', docNumber: 'A123456(3)', phone: '13800000009', password: 'star ferry dim sum 2026' };
const PLATE = 'AB1234';
const VIOLATION = '4403002026091800008';
/** An on-site ticket added to the registry for the second test: decided 11-01, due 11-16, 9 days late on 11-25. */
const ONSITE = {
  kind: 'violation',
  ref: '4403002026110100901',
  plate: PLATE,
  plateType: '20',
  occurredAt: '2026-11-01T09:30:00+08:00',
  location: '深圳湾口岸',
  code: '1345',
  description: '驾驶机动车违反禁止标线指示的',
  fineFen: 20000,
  points: 1,
  source: 'onsite',
  driver: { docType: 'hk_id', docNumber: 'A123456(3)' },
  decisionNo: '4403001020261101',
  decidedAt: '2026-11-01T10:00:00+08:00',
};

/**
 * Staff calls from a context of their own: a staff login sets its session cookie, and a
 * later call carrying that cookie would be held to the CSRF check.
 */
async function asStaff<T>(baseURL: string | undefined, username: string, password: string, work: (staff: APIRequestContext, auth: Record<string, string>) => Promise<T>): Promise<T> {
  const staff = await requestContexts.newContext({ baseURL });
  try {
    const session = await staff.post('/api/v1/staff/sessions', { data: { username, password } });
    expect(session.status()).toBe(200);
    return await work(staff, { authorization: `Bearer ${(await session.json()).token}` });
  } finally {
    await staff.dispose();
  }
}

/**
 * His account, registered and approved through the API: the registration and review screens
 * have their own journey (hk-resident-journey). Safe to call again on the same server.
 */
async function ensureApprovedDriver(request: APIRequestContext, baseURL: string | undefined) {
  const registered = await request.post('/api/v1/accounts', {
    data: { docType: DRIVER.docType, docNumber: DRIVER.docNumber, name: DRIVER.name, phone: DRIVER.phone, regionCode: '440300', password: DRIVER.password, agreedToTerms: true },
  });
  if (registered.status() === 409) return;
  expect(registered.status()).toBe(201);
  const { id, status, uploadToken } = (await registered.json()) as { id: string; status: string; uploadToken: string };
  // A Hong Kong identity card cannot be checked against the registry: manual review with a photo.
  expect(status).toBe('pending_review');
  const photo = await request.post(`/api/v1/accounts/${id}/document-photos`, {
    headers: { authorization: `Bearer ${uploadToken}` },
    multipart: { photo: { name: 'hkid.jpg', mimeType: 'image/jpeg', buffer: await documentPhoto(DRIVER.name, DRIVER.docNumber) } },
  });
  expect(photo.status()).toBe(202);

  await asStaff(baseURL, 'reviewer', 'Reviewer#2026', async (staff, auth) => {
    const queue = (await (await staff.get('/api/v1/staff/reviews?kind=identity&limit=200', { headers: auth })).json()) as { items: Array<{ id: string }> };
    let reviewId: string | undefined;
    for (const item of queue.items) {
      const detail = (await (await staff.get(`/api/v1/staff/reviews/${item.id}`, { headers: auth })).json()) as { subjectId: string };
      if (detail.subjectId === id) reviewId = item.id;
    }
    expect(reviewId, 'the identity review of 陈大文').toBeTruthy();
    const decided = await staff.post(`/api/v1/staff/reviews/${reviewId}/decision`, { headers: auth, data: { decision: 'approve' } });
    expect(decided.status()).toBe(200);
  });
}

async function logIn(page: Page, lang: Lang) {
  const c = (key: string) => tr(lang, `citizen:${key}`);
  await page.goto('/login');
  await page.getByLabel(c('login.login')).fill(DRIVER.phone);
  await page.getByLabel(c('login.password'), { exact: true }).fill(DRIVER.password);
  await page.getByRole('button', { name: c('login.submit'), exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** A row of the fine's detail list, by its label. */
const row = (page: Page, label: string) => page.locator('.jg-pay__row').filter({ has: page.locator('dt', { hasText: label }) });

test('陈大文 handles the violation of his 港车北上 car and pays the fine at the cashier, to a printable receipt (zh-HK)', async ({ browser, baseURL, request }) => {
  const lang: Lang = 'zh-HK';
  const p = (key: string, params?: Record<string, string | number>) => tr(lang, `citizen-payments:${key}`, params);
  await ensureApprovedDriver(request, baseURL);
  const page = await phonePage(browser, lang, baseURL);
  await logIn(page, lang);
  await expect(page.getByRole('link', { name: p('tiles.fines') })).toBeVisible();
  // The home screen's summary (one request, GET /me/home): his licence, his car, one record to handle.
  const summary = page.getByRole('region', { name: tr(lang, 'citizen:home.summary.title') });
  await expect(summary.getByRole('img', { name: PLATE })).toBeVisible();
  await expect(summary.getByText(tr(lang, 'citizen:home.summary.unhandled', { count: 1 }))).toBeVisible();
  await shot(page, `citizen-home-summary-${lang}`);

  // His 港车北上 car bound by itself, drawn as a Hong Kong plate, with its one camera record.
  const veh = (key: string, params?: Record<string, string | number>) => tr(lang, `citizen-vehicles:${key}`, params);
  const vio = (key: string, params?: Record<string, string | number>) => tr(lang, `citizen-violations:${key}`, params);
  await page.getByRole('link', { name: veh('tiles.vehicles'), exact: true }).click();
  const car = page.getByRole('article').filter({ has: page.getByRole('img', { name: PLATE }) });
  await expect(car).toBeVisible();
  await expect(car).toContainText(tr(lang, 'domain:plateSchemes.hk_northbound'));
  await shot(page, `citizen-vehicles-northbound-${lang}`);
  await car.getByRole('link', { name: veh('card.violations_other', { count: 1 }) }).click();
  await expect(page).toHaveURL(new RegExp(`/violations\\?plate=${PLATE}$`));
  const record = page.locator(`a[href="/violations/${VIOLATION}"]`);
  await expect(record).toContainText('¥100.00');
  await record.click();

  // Handled online: the sheet says what lands on his licence, the answer is a penalty decision.
  await page.getByRole('button', { name: vio('actions.handle') }).click();
  const sheet = page.getByRole('dialog', { name: vio('handle.sheetTitle') });
  await expect(sheet).toContainText('¥100.00');
  await expect(sheet).toContainText(vio('points', { count: 1 }));
  await sheet.getByRole('button', { name: vio('handle.confirm') }).click();
  await expect(page.getByRole('heading', { name: vio('handle.decidedTitle') })).toBeVisible();
  const decision = { decisionNo: (await page.locator('.jg-viol-result__decision').textContent())?.trim() ?? '' };
  expect(decision.decisionNo).toMatch(/^\d{16}$/);
  await shot(page, `violation-decision-northbound-${lang}`);
  const fine = (await (await page.request.get(`/api/v1/fines/${decision.decisionNo}`)).json()) as { fineFen: number };
  expect(fine.fineFen).toBe(10000);
  await page.goto('/');

  // Fines: someone else's decision number is refused with the server's own words.
  await page.getByRole('link', { name: p('tiles.fines') }).click();
  await expect(page).toHaveURL(/\/fines$/);
  await expect(page.getByRole('link', { name: new RegExp(decision.decisionNo) })).toBeVisible();
  await shot(page, `citizen-fines-${lang}`);
  await page.getByRole('textbox', { name: p('lookup.label') }).fill('4403001020261020');
  await page.getByRole('button', { name: p('lookup.submit') }).click();
  await expect(page.getByText(p('fine.notFoundTitle'))).toBeVisible();
  await expect(page.getByText(tr(lang, 'problems-payments:fine_not_found.detail'))).toBeVisible();
  await shot(page, `citizen-fine-not-found-${lang}`);
  await page.getByRole('link', { name: p('fine.lookupAgain') }).click();

  // His own decision number opens the fine: decided today, so no late fee yet.
  await page.getByRole('textbox', { name: p('lookup.label') }).fill(decision.decisionNo);
  await page.getByRole('button', { name: p('lookup.submit') }).click();
  await expect(page).toHaveURL(new RegExp(`/fines/${decision.decisionNo}$`));
  await expect(row(page, p('fine.fine'))).toContainText('¥100.00');
  await expect(row(page, p('fine.daysLate'))).toContainText(p('fine.notLate'));
  await expect(row(page, p('fine.lateFee'))).toContainText('¥0.00');
  await expect(row(page, p('fine.payable'))).toContainText('¥100.00');
  await expect(page.getByText(p('fine.lateFeeRule'))).toBeVisible();
  await expect(page.getByText(p('fine.status.unpaid'))).toBeVisible();
  await shot(page, `citizen-fine-${lang}`);

  // Pay → the provider's cashier (the sandbox), in the app's language.
  await page.getByRole('button', { name: p('fine.pay', { amount: '¥100.00' }) }).click();
  await expect(page).toHaveURL(/\/sandbox-pay\/[0-9a-f-]{36}\?lang=zh-HK$/);
  const paymentId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { name: tr(lang, 'payments:cashier.title') })).toBeVisible();
  await expect(page.getByText('¥100.00')).toBeVisible();
  await shot(page, `sandbox-cashier-${lang}`);
  await page.getByRole('button', { name: tr(lang, 'payments:cashier.pay'), exact: true }).click();

  // Back in the app: the payment is confirmed and the receipt shown.
  await expect(page).toHaveURL(new RegExp(`/payments/${paymentId}$`));
  await expect(page.getByText(p('result.paidTitle'))).toBeVisible({ timeout: 20_000 });
  const receiptNo = (await page.getByTestId('receipt-no').textContent())!.trim();
  expect(receiptNo).toMatch(/^R20261125\d{6}$/);
  await expect(page.getByText(decision.decisionNo)).toBeVisible();
  // The payer: name and document number masked.
  await expect(row(page, p('result.payer'))).toContainText('陈**');
  await expect(row(page, p('result.payer'))).not.toContainText(DRIVER.docNumber);
  await shot(page, `citizen-payment-result-${lang}`);

  // The printable receipt, a server page in a new tab.
  const [printable] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: p('result.printReceipt') }).click()]);
  await printable.waitForLoadState();
  await expect(printable.getByRole('heading', { name: tr(lang, 'payments:receipt.title') })).toBeVisible();
  await expect(printable.getByText(receiptNo, { exact: true })).toBeVisible();
  await expect(printable.getByText(decision.decisionNo, { exact: true })).toBeVisible();
  await expect(printable.getByRole('button', { name: tr(lang, 'payments:receipt.print') })).toBeVisible();
  await shot(printable, `citizen-receipt-${lang}`);
  // The same receipt in English, as the app asks for it when English is chosen.
  await printable.goto(`/receipts/${receiptNo}?lang=en`);
  await expect(printable.getByRole('heading', { name: tr('en', 'payments:receipt.title') })).toBeVisible();
  await shot(printable, 'citizen-receipt-en');
  await printable.close();

  // The fine now reads paid, with its receipt.
  await page.getByRole('link', { name: p('result.backToFine') }).click();
  await expect(page.getByText(p('fine.status.paid'))).toBeVisible();
  await expect(row(page, p('fine.receiptNo'))).toContainText(receiptNo);
  await expect(page.getByRole('button', { name: p('fine.pay', { amount: '¥100.00' }) })).toHaveCount(0);
  await page.context().close();
});

test('a payment that fails at the cashier can be tried again, and the retry pays (en)', async ({ browser, baseURL, request }) => {
  const lang: Lang = 'en';
  const p = (key: string, params?: Record<string, string | number>) => tr(lang, `citizen-payments:${key}`, params);
  await ensureApprovedDriver(request, baseURL);
  // An overdue on-site ticket of his, added to the registry by an administrator.
  await asStaff(baseURL, 'admin', 'Admin#2026', async (staff, auth) => {
    const imported = await staff.post('/api/v1/staff/registry/imports', { headers: { ...auth, 'content-type': 'application/x-ndjson' }, data: `${JSON.stringify(ONSITE)}\n` });
    expect(imported.status(), await imported.text()).toBe(200);
  });

  const page = await phonePage(browser, lang, baseURL);
  await logIn(page, lang);
  await expect(page.getByRole('link', { name: p('tiles.fines') })).toBeVisible();
  await shot(page, `citizen-home-fines-${lang}`);
  await page.goto(`/fines/${ONSITE.decisionNo}`);
  // ¥200 due 16 Nov, 9 days late on 25 Nov: 27% → ¥54 late fee, ¥254 to pay.
  await expect(row(page, p('fine.daysLate'))).toContainText(p('fine.daysLateValue_other', { count: 9 }));
  await expect(row(page, p('fine.lateFee'))).toContainText('¥54.00');
  await expect(row(page, p('fine.payable'))).toContainText('¥254.00');
  await expect(page.getByText(p('fine.overdueNote_other', { count: 9 }))).toBeVisible();
  await shot(page, `citizen-fine-overdue-${lang}`);

  await page.getByRole('button', { name: p('fine.pay', { amount: '¥254.00' }) }).click();
  await expect(page).toHaveURL(/\/sandbox-pay\/[0-9a-f-]{36}\?lang=en$/);
  const failedId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByText('¥254.00')).toBeVisible();
  await shot(page, `sandbox-cashier-${lang}`);
  await page.getByRole('button', { name: tr(lang, 'payments:cashier.fail'), exact: true }).click();

  // Back in the app: unsuccessful, nothing taken, a way to pay again.
  await expect(page).toHaveURL(new RegExp(`/payments/${failedId}$`));
  await expect(page.getByText(p('result.closed.failed'))).toBeVisible();
  await expect(page.getByText(p('result.closedNote'))).toBeVisible();
  await shot(page, `citizen-payment-failed-${lang}`);
  await page.getByRole('button', { name: p('result.retry') }).click();

  // The retry is a new order at the cashier, which pays.
  await expect(page).toHaveURL(/\/sandbox-pay\/[0-9a-f-]{36}\?lang=en$/);
  const retryId = new URL(page.url()).pathname.split('/').pop()!;
  expect(retryId).not.toBe(failedId);
  await page.getByRole('button', { name: tr(lang, 'payments:cashier.pay'), exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/payments/${retryId}$`));
  await expect(page.getByText(p('result.paidTitle'))).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('receipt-no')).toHaveText(/^R20261125\d{6}$/);
  await expect(page.getByText('¥254.00')).toBeVisible();
  await shot(page, `citizen-payment-result-${lang}`);

  // The failed order at the cashier, opened again later (here in Simplified Chinese): it says what became of it.
  await page.goto(`/sandbox-pay/${failedId}?lang=zh-CN`);
  await expect(page.getByText(tr('zh-CN', 'payments:cashier.state.failed'))).toBeVisible();
  await expect(page.getByRole('link', { name: tr('zh-CN', 'payments:cashier.back') })).toHaveAttribute('href', `/payments/${failedId}`);
  await shot(page, 'sandbox-cashier-closed-zh-CN');

  // The failed attempt stays failed; the fine is paid once.
  const failed = await page.request.get(`/api/v1/payments/${failedId}`);
  expect(await failed.json()).toMatchObject({ status: 'failed', closedReason: 'failed' });
  const fine = await page.request.get(`/api/v1/fines/${ONSITE.decisionNo}`);
  expect(await fine.json()).toMatchObject({ status: 'paid', payableFen: 0, lateFeeFen: 5400 });
  await page.context().close();
});
