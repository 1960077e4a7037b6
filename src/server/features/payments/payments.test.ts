import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createCitizen, seedRegistry, type Citizen } from '../accounts/testing.ts';
import { getFineForAccount } from '../violations/service.ts';
import { jobs } from '../../platform/tables.ts';
import { signSandboxBody } from './sandbox.ts';
import { scheduleReconciliation } from './service.ts';
import { paymentEvents, payments, sandboxTrades } from './tables.ts';

const SECRET = 'sandbox-secret';
/** Decided 2026-11-01 → due 11-16 → on 11-25 nine days late: 27% of ¥200 = ¥54 → ¥254.00. */
const LATE = { decisionNo: '4403001020261101', decidedAt: '2026-11-01T10:00:00+08:00', payable: 25400 };
/** Decided 2026-11-20 → due 12-05: no late fee today. */
const CURRENT = { decisionNo: '4403001020261120', decidedAt: '2026-11-20T10:00:00+08:00', payable: 20000 };

let seq = 0;
async function citizenWithFines(t: TestApp, fines: Array<{ decisionNo: string; decidedAt: string }>): Promise<Citizen> {
  seq++;
  const c = await createCitizen(t.app, { phone: `1380013${String(seq).padStart(4, '0')}`, seq: `${String(100 + seq).padStart(3, '0')}` });
  const plate = `粤B6${String(seq).padStart(4, '0')}`;
  if (fines.length === 0) return c;
  await seedRegistry(t.app, [
    ...fines.map((f, i) => ({
      kind: 'violation',
      ref: `44030020261100${String(seq).padStart(3, '0')}${i}`,
      plate,
      plateType: '02',
      occurredAt: f.decidedAt,
      location: '深南大道',
      code: '1345',
      description: '驾驶机动车违反禁止标线指示的',
      fineFen: 20000,
      points: 1,
      source: 'onsite',
      driver: { docType: 'cn_id', docNumber: c.docNumber },
      decisionNo: f.decisionNo,
      decidedAt: f.decidedAt,
    })),
  ]);
  return c;
}

function createPayment(t: TestApp, c: Citizen, decisionNo: string, key?: string, lang?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/fines/${decisionNo}/payments`,
    headers: { ...c.auth, ...(key ? { 'idempotency-key': key } : {}), ...(lang ? { 'accept-language': lang } : {}) },
    payload: { provider: 'sandbox' },
  });
}

function signedCallback(t: TestApp, body: object | string, secret = SECRET) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/callbacks/sandbox',
    headers: { 'content-type': 'application/json', 'x-sandbox-signature': signSandboxBody(secret, raw) },
    payload: raw,
  });
}

const cashier = (t: TestApp, paymentId: string, action: 'pay' | 'fail' | 'cancel') =>
  t.app.inject({ method: 'POST', url: `/sandbox-pay/${paymentId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `action=${action}` });

async function paymentRow(t: TestApp, id: string) {
  const [row] = await t.app.ctx.db.select().from(payments).where(eq(payments.id, id));
  return row!;
}

async function eventCount(t: TestApp, id: string, kind: string): Promise<number> {
  const [row] = await t.app.ctx.db.select({ n: count() }).from(paymentEvents).where(and(eq(paymentEvents.paymentId, id), eq(paymentEvents.kind, kind)));
  return row!.n;
}

describe('fine payments with the sandbox provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a payment for today’s amount, idempotently, and reuses the one pending payment', async () => {
    const c = await citizenWithFines(t, [LATE]);
    const first = await createPayment(t, c, LATE.decisionNo, 'key-1');
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json();
    expect(created.amountFen).toBe(LATE.payable);
    expect(created.redirectUrl).toBe(`/sandbox-pay/${created.paymentId}`);

    const retry = await createPayment(t, c, LATE.decisionNo, 'key-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(created);
    const other = await createPayment(t, c, LATE.decisionNo, 'key-2');
    expect(other.json().paymentId).toBe(created.paymentId);
    const noKey = await createPayment(t, c, LATE.decisionNo);
    expect(noKey.json().paymentId).toBe(created.paymentId);
    const [n] = await t.app.ctx.db.select({ n: count() }).from(payments).where(eq(payments.decisionNo, LATE.decisionNo));
    expect(n!.n).toBe(1);

    const got = await t.app.inject({ method: 'GET', url: `/api/v1/payments/${created.paymentId}`, headers: c.auth });
    expect(got.json()).toEqual({ paymentId: created.paymentId, status: 'pending', amountFen: LATE.payable, decisionNo: LATE.decisionNo });

    // The same key for another fine is a client bug, not a retry.
    const c2 = await citizenWithFines(t, [{ decisionNo: '4403001020261102', decidedAt: '2026-11-20T09:00:00+08:00' }]);
    await createPayment(t, c2, '4403001020261102', 'shared');
    const reused = await t.app.inject({ method: 'POST', url: '/api/v1/fines/4403001020261103/payments', headers: { ...c2.auth, 'idempotency-key': 'shared' }, payload: { provider: 'sandbox' } });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('idempotency_key_reused');

    const alipay = await t.app.inject({ method: 'POST', url: `/api/v1/fines/${LATE.decisionNo}/payments`, headers: { ...c.auth, 'accept-language': 'en' }, payload: { provider: 'alipay' } });
    expect(alipay.statusCode).toBe(422);
    expect(alipay.json()).toMatchObject({ code: 'payment_provider_unavailable', suggestion: 'sandbox' });
    expect(alipay.json().detail).toContain('sandbox');
  });

  it('pays through the cashier form: signed callback by job, fine paid, receipt in JSON and HTML', async () => {
    const c = await citizenWithFines(t, [CURRENT]);
    const { paymentId, amountFen } = (await createPayment(t, c, CURRENT.decisionNo)).json();
    expect(amountFen).toBe(CURRENT.payable);

    const page = await t.app.inject({ method: 'GET', url: `/sandbox-pay/${paymentId}`, headers: { 'accept-language': 'zh-HK' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('¥200.00');
    expect(page.body).toContain('確認支付');
    expect(page.body).not.toMatch(/<script>/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");

    const paid = await cashier(t, paymentId, 'pay');
    expect(paid.statusCode).toBe(303);
    expect(paid.headers.location).toBe(`/payments/${paymentId}`);
    // Paid at the provider, told by a job: not yet confirmed here.
    expect((await paymentRow(t, paymentId)).status).toBe('pending');
    await t.app.ctx.jobs.drain();
    const row = await paymentRow(t, paymentId);
    expect(row.status).toBe('paid');
    expect(row.receiptNo).toMatch(/^R20261125\d{6}$/);
    expect(row.tradeNo).toMatch(/^SBX/);

    const fine = await getFineForAccount(t.app.ctx, c.id, CURRENT.decisionNo);
    expect(fine).toMatchObject({ status: 'paid', payableFen: 0, receiptNo: row.receiptNo });
    const status = await t.app.inject({ method: 'GET', url: `/api/v1/payments/${paymentId}`, headers: c.auth });
    expect(status.json().status).toBe('paid');

    const receipt = await t.app.inject({ method: 'GET', url: `/api/v1/payments/${paymentId}/receipt`, headers: { ...c.auth, 'accept-language': 'en' } });
    expect(receipt.statusCode).toBe(200);
    const r = receipt.json();
    expect(r).toMatchObject({ receiptNo: row.receiptNo, decisionNo: CURRENT.decisionNo, amountFen: 20000, paidAt: '2026-11-25T02:00:00.000Z', printUrl: `/receipts/${row.receiptNo}` });
    expect(r.payer.docNumberMasked).toBe(`${c.docNumber.slice(0, 4)}${'*'.repeat(c.docNumber.length - 8)}${c.docNumber.slice(-4)}`);
    expect(receipt.body).not.toContain(c.docNumber);
    expect(r.authority).toContain('Traffic');

    const html = await t.app.inject({ method: 'GET', url: `/receipts/${row.receiptNo}`, headers: c.auth });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('@media print');
    expect(html.body).toContain(row.receiptNo!);
    expect(html.body).toContain('电子缴款凭证');
    expect(html.body).not.toContain(c.docNumber);

    const again = await createPayment(t, c, CURRENT.decisionNo);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('fine_already_paid');
    // The cashier does not take money twice for one order.
    const secondClick = await cashier(t, paymentId, 'pay');
    expect(secondClick.statusCode).toBe(200);
    expect(secondClick.body).toContain('该订单已支付成功');
  });

  it('refuses a bad signature and a wrong amount, changing nothing', async () => {
    const c = await citizenWithFines(t, [{ decisionNo: '4403001020261121', decidedAt: '2026-11-21T10:00:00+08:00' }]);
    const { paymentId } = (await createPayment(t, c, '4403001020261121')).json();
    const body = { paymentId, tradeNo: 'T-1', amountFen: 20000, paidAt: '2026-11-25T02:00:00.000Z' };

    const forged = await signedCallback(t, body, 'not-the-secret');
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('invalid_signature');
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/v1/payments/callbacks/sandbox', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(unsigned.statusCode).toBe(401);
    // Signed bytes are checked as sent: the same object with other whitespace is another message.
    const raw = JSON.stringify(body);
    const respaced = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/callbacks/sandbox',
      headers: { 'content-type': 'application/json', 'x-sandbox-signature': signSandboxBody(SECRET, raw) },
      payload: JSON.stringify(body, null, 1),
    });
    expect(respaced.statusCode).toBe(401);

    const wrongAmount = await signedCallback(t, { ...body, amountFen: 1 });
    expect(wrongAmount.statusCode).toBe(422);
    expect(wrongAmount.json().code).toBe('amount_mismatch');

    expect((await paymentRow(t, paymentId)).status).toBe('pending');
    expect((await getFineForAccount(t.app.ctx, c.id, '4403001020261121'))?.status).toBe('unpaid');
    expect(await eventCount(t, paymentId, 'paid')).toBe(0);
  });

  it('pays exactly once for 100 concurrent identical callbacks, and for later ones', async () => {
    const c = await citizenWithFines(t, [{ decisionNo: '4403001020261122', decidedAt: '2026-11-22T10:00:00+08:00' }]);
    const { paymentId } = (await createPayment(t, c, '4403001020261122')).json();
    const body = JSON.stringify({ paymentId, tradeNo: 'SBX-CONCURRENT', amountFen: 20000, paidAt: '2026-11-25T02:00:00.000Z' });
    const answers = await Promise.all(Array.from({ length: 100 }, () => signedCallback(t, body)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(100).fill(200));
    const outcomes = answers.map((a) => a.json().outcome);
    expect(outcomes.filter((o) => o === 'paid')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already_paid')).toHaveLength(99);
    expect(await eventCount(t, paymentId, 'paid')).toBe(1);

    const later = await signedCallback(t, body);
    expect(later.json()).toEqual({ received: true, outcome: 'already_paid' });
    const row = await paymentRow(t, paymentId);
    expect(row.status).toBe('paid');
    expect((await getFineForAccount(t.app.ctx, c.id, '4403001020261122'))?.receiptNo).toBe(row.receiptNo);
  });

  it('reconciles a payment whose callback was lost, and a late callback changes nothing', async () => {
    const c = await citizenWithFines(t, [{ decisionNo: '4403001020261123', decidedAt: '2026-11-23T10:00:00+08:00' }]);
    const { paymentId } = (await createPayment(t, c, '4403001020261123')).json();
    expect((await cashier(t, paymentId, 'pay')).statusCode).toBe(303);
    // The process dies before the callback job runs: simulate by losing the job row.
    await t.app.ctx.db.delete(jobs).where(eq(jobs.dedupeKey, `sandbox-callback:${paymentId}`));
    await t.app.ctx.jobs.drain();
    expect((await paymentRow(t, paymentId)).status).toBe('pending');

    await scheduleReconciliation(t.app.ctx);
    // Younger than 2 minutes: reconciliation leaves it to the callback.
    await t.app.ctx.jobs.drain();
    expect((await paymentRow(t, paymentId)).status).toBe('pending');
    t.clock.advance(3 * 60_000);
    await t.app.ctx.jobs.drain();
    const row = await paymentRow(t, paymentId);
    expect(row.status).toBe('paid');
    expect(await eventCount(t, paymentId, 'paid')).toBe(1);
    expect((await getFineForAccount(t.app.ctx, c.id, '4403001020261123'))?.status).toBe('paid');

    // The provider's callback arrives after all: acknowledged, nothing paid twice.
    const [trade] = await t.app.ctx.db.select().from(sandboxTrades).where(eq(sandboxTrades.paymentId, paymentId));
    const late = await signedCallback(t, { paymentId, tradeNo: trade!.tradeNo, amountFen: trade!.amountFen, paidAt: trade!.paidAt!.toISOString() });
    expect(late.json().outcome).toBe('already_paid');
    expect(await eventCount(t, paymentId, 'paid')).toBe(1);
    expect(await eventCount(t, paymentId, 'duplicate_trade')).toBe(0);
  });

  it('back from the cashier, the payment reads as it ended there: paid before the callback, or failed and cancelled with a new order to pay again', async () => {
    const c = await citizenWithFines(t, [
      { decisionNo: '4403001020261106', decidedAt: '2026-11-21T10:00:00+08:00' },
      { decisionNo: '4403001020261107', decidedAt: '2026-11-22T10:00:00+08:00' },
    ]);
    const read = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/payments/${id}`, headers: c.auth })).json();

    const first = (await createPayment(t, c, '4403001020261106')).json();
    expect((await cashier(t, first.paymentId, 'fail')).headers.location).toBe(`/payments/${first.paymentId}`);
    expect(await read(first.paymentId)).toMatchObject({ status: 'failed', closedReason: 'failed', decisionNo: '4403001020261106' });
    // Paying again is a new order, which the cashier can still pay.
    const second = (await createPayment(t, c, '4403001020261106')).json();
    expect(second.paymentId).not.toBe(first.paymentId);
    expect(second.amountFen).toBe(first.amountFen);
    await cashier(t, second.paymentId, 'cancel');
    expect(await read(second.paymentId)).toMatchObject({ status: 'failed', closedReason: 'cancelled' });
    const third = (await createPayment(t, c, '4403001020261106')).json();
    expect([first.paymentId, second.paymentId]).not.toContain(third.paymentId);
    expect((await cashier(t, third.paymentId, 'pay')).statusCode).toBe(303);

    // Paid at the cashier, the callback job not yet run: the read confirms it, the callback then changes nothing.
    expect((await paymentRow(t, third.paymentId)).status).toBe('pending');
    const paid = await read(third.paymentId);
    expect(paid).toMatchObject({ status: 'paid', decisionNo: '4403001020261106' });
    expect(paid.closedReason).toBeUndefined();
    const receiptNo = (await paymentRow(t, third.paymentId)).receiptNo;
    expect(receiptNo).toMatch(/^R20261125\d{6}$/);
    await t.app.ctx.jobs.drain();
    expect((await paymentRow(t, third.paymentId)).receiptNo).toBe(receiptNo);
    expect(await eventCount(t, third.paymentId, 'paid')).toBe(1);
    expect((await createPayment(t, c, '4403001020261106')).json().code).toBe('fine_already_paid');

    // An order still open at the cashier is the one a second "pay" returns.
    const open = (await createPayment(t, c, '4403001020261107')).json();
    expect(await read(open.paymentId)).toMatchObject({ status: 'pending' });
    expect((await createPayment(t, c, '4403001020261107')).json().paymentId).toBe(open.paymentId);
  });

  it('closes a failed payment on reconciliation, and a new day brings a new payment at the new amount', async () => {
    const c = await citizenWithFines(t, [{ decisionNo: '4403001020261104', decidedAt: '2026-11-04T10:00:00+08:00' }]);
    // Due 11-19; on 11-25 six days late: ¥200 + 18%.
    const failed = (await createPayment(t, c, '4403001020261104')).json();
    expect(failed.amountFen).toBe(23600);
    expect((await cashier(t, failed.paymentId, 'fail')).statusCode).toBe(303);
    t.clock.advance(3 * 60_000);
    await scheduleReconciliation(t.app.ctx);
    await t.app.ctx.jobs.drain();
    expect((await paymentRow(t, failed.paymentId)).status).toBe('failed');

    const open = (await createPayment(t, c, '4403001020261104')).json();
    expect(open.paymentId).not.toBe(failed.paymentId);
    t.clock.advance(24 * 3_600_000);
    const tomorrow = (await createPayment(t, c, '4403001020261104')).json();
    expect(tomorrow.paymentId).not.toBe(open.paymentId);
    expect(tomorrow.amountFen).toBe(24200);
    expect((await paymentRow(t, open.paymentId))).toMatchObject({ status: 'failed', closedReason: 'expired' });
    t.clock.advance(-24 * 3_600_000 - 3 * 60_000);
  });

  it('a signed-in browser pays through the cashier script: the CSRF header it adds is what the platform asks of a cookie POST', async () => {
    const c = await citizenWithFines(t, [{ decisionNo: '4403001020261105', decidedAt: '2026-11-20T11:00:00+08:00' }]);
    const { paymentId } = (await createPayment(t, c, '4403001020261105')).json();
    const session = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: c.id });
    const cookies = { jg_session: session.token, jg_csrf: session.csrfToken };
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/sandbox-pay/${paymentId}`, cookies, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: 'action=pay' });
    expect((await post({})).statusCode).toBe(403);
    const paid = await post({ 'x-csrf-token': session.csrfToken });
    expect(paid.statusCode).toBe(303);

    const page = await t.app.inject({ method: 'GET', url: `/sandbox-pay/${paymentId}`, cookies });
    expect(page.body).toContain('<script src="/sandbox-pay/pages.js" defer></script>');
    const script = await t.app.inject({ method: 'GET', url: '/sandbox-pay/pages.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.body).toContain('x-csrf-token');
    // The cashier's buttons are named "action", which shadows form.action in a browser.
    expect(script.body).toContain("form.getAttribute('action')");
  });

  it('the cashier and the printable receipt speak the language the app names in ?lang=, over the phone’s Accept-Language', async () => {
    const c = await citizenWithFines(t, [{ decisionNo: '4403001020261108', decidedAt: '2026-11-23T10:00:00+08:00' }]);
    const { paymentId } = (await createPayment(t, c, '4403001020261108')).json();
    const zh = { 'accept-language': 'zh-HK' };
    const english = await t.app.inject({ method: 'GET', url: `/sandbox-pay/${paymentId}?lang=en`, headers: zh });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Sandbox cashier');
    // The form keeps the language for the page shown after a stale click.
    expect(english.body).toContain(`action="/sandbox-pay/${paymentId}?lang=en"`);
    const unknown = await t.app.inject({ method: 'GET', url: `/sandbox-pay/${paymentId}?lang=fr`, headers: zh });
    expect(unknown.body).toContain('沙箱收銀台');

    await cashier(t, paymentId, 'pay');
    await t.app.ctx.jobs.drain();
    const { receiptNo } = await paymentRow(t, paymentId);
    const receipt = await t.app.inject({ method: 'GET', url: `/receipts/${receiptNo}?lang=en`, headers: { ...c.auth, ...zh } });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain('Electronic receipt for a traffic fine');
    expect(receipt.body).toContain('Traffic Management Department');
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of ['/api/v1/fines/{decisionNo}/payments', '/api/v1/payments/{paymentId}', '/api/v1/payments/{paymentId}/receipt', '/api/v1/payments/callbacks/sandbox']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/sandbox-pay/{paymentId}']).toBeUndefined();
  });

  it('shows another citizen nothing of someone else’s fine, payment or receipt', async () => {
    const owner = await citizenWithFines(t, [{ decisionNo: '4403001020261124', decidedAt: '2026-11-24T10:00:00+08:00' }]);
    const stranger = await citizenWithFines(t, []);
    const { paymentId } = (await createPayment(t, owner, '4403001020261124')).json();
    await cashier(t, paymentId, 'pay');
    await t.app.ctx.jobs.drain();
    const { receiptNo } = await paymentRow(t, paymentId);

    const attempts = [
      await createPayment(t, stranger, '4403001020261124'),
      await t.app.inject({ method: 'GET', url: `/api/v1/payments/${paymentId}`, headers: stranger.auth }),
      await t.app.inject({ method: 'GET', url: `/api/v1/payments/${paymentId}/receipt`, headers: stranger.auth }),
      await t.app.inject({ method: 'GET', url: `/receipts/${receiptNo}`, headers: stranger.auth }),
    ];
    expect(attempts.map((a) => a.statusCode)).toEqual([404, 404, 404, 404]);
    expect(attempts[0]!.json().code).toBe('fine_not_found');
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/payments/${paymentId}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
