import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { loadConfig, ConfigError } from '../../../server/config.ts';
import { createCitizen, seedRegistry } from '../accounts/testing.ts';
import { getFineForAccount } from '../violations/service.ts';
import { alipayPayUrl, alipaySign, alipaySigningString, alipayTime, alipayVerify, createAlipayProvider, signedResponseText, verifyAlipayNotification } from './alipay.ts';
import { fenToYuan, yuanToFen } from './provider.ts';
import { payments } from './tables.ts';

/** Two key pairs generated here: the app's own, and one playing Alipay's. No network anywhere. */
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const app = pair();
const alipay = pair();
const APP_ID = '2021000000000001';
const config = { appId: APP_ID, privateKey: app.privateKey, alipayPublicKey: alipay.publicKey, gateway: 'https://openapi.alipay.test/gateway.do', notifyUrl: 'https://jg.example/api/v1/payments/callbacks/alipay' };

function notification(overrides: Record<string, string> = {}, signWith = alipay.privateKey): Record<string, string> {
  const params: Record<string, string> = {
    notify_time: '2026-11-25 10:05:00',
    notify_type: 'trade_status_sync',
    notify_id: 'ac05099524730693a8b330c5ecf72da9786',
    app_id: APP_ID,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    trade_no: '2026112522001400000000000001',
    out_trade_no: '6f1c1e2a-7b43-4c59-9d3e-0a1b2c3d4e5f',
    trade_status: 'TRADE_SUCCESS',
    total_amount: '254.00',
    gmt_payment: '2026-11-25 10:04:59',
    subject: '交通违法罚款',
    ...overrides,
  };
  params.sign = alipaySign(params, signWith);
  return params;
}
const form = (params: Record<string, string>) => Buffer.from(new URLSearchParams(params).toString());

describe('Alipay RSA2 signing', () => {
  it('builds the documented signing string: sorted, sign and sign_type and empty values left out', () => {
    expect(alipaySigningString({ sign: 'x', sign_type: 'RSA2', b: '2', a: '1', c: '', biz_content: '{"k":"v"}' })).toBe('a=1&b=2&biz_content={"k":"v"}');
  });

  it('signs with SHA256withRSA (a known answer from node:crypto directly) and verifies the round trip', () => {
    const params = { app_id: APP_ID, method: 'alipay.trade.query', timestamp: '2026-11-25 10:00:00', sign_type: 'RSA2' };
    const sign = alipaySign(params, app.privateKey);
    const expected = createSign('RSA-SHA256').update(`app_id=${APP_ID}&method=alipay.trade.query&timestamp=2026-11-25 10:00:00`, 'utf8').sign(app.privateKey, 'base64');
    // PKCS#1 v1.5 signatures are deterministic: the same key and text give the same bytes.
    expect(sign).toBe(expected);
    expect(alipayVerify({ ...params, sign }, app.publicKey)).toBe(true);
    // Bare base64 keys, as Alipay's console hands them out, work too.
    const bare = alipay.publicKey.replace(/-----[^-]+-----|\s/g, '');
    const n = notification();
    expect(alipayVerify(n, bare)).toBe(true);
  });

  it('accepts a genuine notification and reads money without floats', () => {
    const notice = verifyAlipayNotification(config, form(notification()));
    expect(notice).toEqual({
      paymentId: '6f1c1e2a-7b43-4c59-9d3e-0a1b2c3d4e5f',
      tradeNo: '2026112522001400000000000001',
      amountFen: 25400,
      paidAt: new Date('2026-11-25T02:04:59.000Z'),
    });
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('1.005')).toBeNull();
    expect(fenToYuan(25405)).toBe('254.05');
  });

  it('refuses tampered, foreign, unsigned and unpaid notifications', () => {
    const good = notification();
    const tampered = { ...good, total_amount: '2.54' };
    expect(verifyAlipayNotification(config, form(tampered))).toBeNull();
    expect(verifyAlipayNotification(config, form({ ...good, out_trade_no: '00000000-0000-0000-0000-000000000000' }))).toBeNull();
    expect(verifyAlipayNotification(config, form(notification({}, app.privateKey)))).toBeNull();
    const { sign: _sign, ...unsigned } = good;
    expect(verifyAlipayNotification(config, form(unsigned))).toBeNull();
    expect(verifyAlipayNotification(config, form({ ...good, sign: good.sign!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }))).toBeNull();
    expect(verifyAlipayNotification(config, form(notification({ app_id: '2021000000000002' })))).toBeNull();
    expect(verifyAlipayNotification(config, form(notification({ trade_status: 'WAIT_BUYER_PAY' })))).toBeNull();
    expect(verifyAlipayNotification(config, form(notification({ sign_type: 'RSA' })))).toBeNull();
  });

  it('makes a cashier URL Alipay can verify, with the amount in yuan and an expiry', () => {
    const now = new Date('2026-11-25T02:00:00Z');
    const url = new URL(alipayPayUrl(config, { paymentId: 'p-1', amountFen: 25400, subject: '交通违法罚款', returnUrl: 'https://jg.example/fines/1?payment=p-1', expiresAt: new Date('2026-11-25T02:30:00Z'), now }));
    expect(url.origin + url.pathname).toBe(config.gateway);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ app_id: APP_ID, method: 'alipay.trade.wap.pay', sign_type: 'RSA2', timestamp: '2026-11-25 10:00:00', notify_url: config.notifyUrl });
    expect(JSON.parse(params.biz_content!)).toEqual({ out_trade_no: 'p-1', total_amount: '254.00', subject: '交通违法罚款', product_code: 'QUICK_WAP_WAY', time_expire: '2026-11-25 10:30:00' });
    const sign = params.sign!;
    expect(createVerify('RSA-SHA256').update(alipaySigningString(params), 'utf8').verify(app.publicKey, sign, 'base64')).toBe(true);
    expect(alipayTime(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26 00:30:00');
  });

  it('queries a trade and trusts only an answer signed by Alipay', async () => {
    const answer = JSON.stringify({ code: '10000', msg: 'Success', trade_no: 'T-9', out_trade_no: 'p-1', trade_status: 'TRADE_SUCCESS', total_amount: '200.00', send_pay_date: '2026-11-25 10:01:00' });
    const respond = (signWith: string, body = answer) => {
      const sign = createSign('RSA-SHA256').update(body, 'utf8').sign(signWith, 'base64');
      return async () => new Response(`{"alipay_trade_query_response":${body},"sign":"${sign}"}`, { status: 200 });
    };
    const genuine = createAlipayProvider(config, { now: () => new Date('2026-11-25T02:05:00Z'), fetch: respond(alipay.privateKey) as typeof fetch });
    expect(await genuine.queryPayment('p-1')).toEqual({ status: 'paid', tradeNo: 'T-9', amountFen: 20000, paidAt: new Date('2026-11-25T02:01:00Z') });
    const forged = createAlipayProvider(config, { now: () => new Date(), fetch: respond(app.privateKey) as typeof fetch });
    await expect(forged.queryPayment('p-1')).rejects.toThrow(/not signed/);
    const missing = JSON.stringify({ code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST' });
    const none = createAlipayProvider(config, { now: () => new Date(), fetch: respond(alipay.privateKey, missing) as typeof fetch });
    expect(await none.queryPayment('p-1')).toEqual({ status: 'pending' });
    expect(signedResponseText('{"a_response":{"s":"}\\"{"},"sign":"x"}', 'a_response')).toBe('{"s":"}\\"{"}');
  });

  it('configuration: PAYMENT_PROVIDER=alipay needs its keys and a public URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', PAYMENT_PROVIDER: 'alipay' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'test', PAYMENT_PROVIDER: 'alipay' });
    } catch (e) {
      const text = (e as ConfigError).problems.join('\n');
      for (const name of ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY', 'PUBLIC_URL']) expect(text).toContain(name);
      expect(text).not.toContain('BEGIN');
    }
  });
});

describe('paying a fine with Alipay (notifications only, no network)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { PAYMENT_PROVIDER: 'alipay', ALIPAY_APP_ID: APP_ID, ALIPAY_PRIVATE_KEY: app.privateKey, ALIPAY_PUBLIC_KEY: alipay.publicKey, ALIPAY_GATEWAY: config.gateway, PUBLIC_URL: 'https://jg.example' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('redirects to a signed Alipay cashier and pays once on the verified notification', async () => {
    const c = await createCitizen(t.app, { phone: '13900139001', seq: '201' });
    const decisionNo = '4403001020261125';
    await seedRegistry(t.app, [
      {
        kind: 'violation', ref: '4403002026112500001', plate: '粤B7A001', plateType: '02', occurredAt: '2026-11-25T08:00:00+08:00', location: '滨河大道',
        code: '1345', description: '驾驶机动车违反禁止标线指示的', fineFen: 20000, points: 1, source: 'onsite',
        driver: { docType: 'cn_id', docNumber: c.docNumber }, decisionNo, decidedAt: '2026-11-25T08:10:00+08:00',
      },
    ]);
    const sandbox = await t.app.inject({ method: 'POST', url: `/api/v1/fines/${decisionNo}/payments`, headers: c.auth, payload: { provider: 'sandbox' } });
    expect(sandbox.statusCode).toBe(422);
    expect((await t.app.inject({ method: 'GET', url: '/sandbox-pay/6f1c1e2a-7b43-4c59-9d3e-0a1b2c3d4e5f' })).statusCode).toBe(404);

    const res = await t.app.inject({ method: 'POST', url: `/api/v1/fines/${decisionNo}/payments`, headers: c.auth, payload: { provider: 'alipay' } });
    expect(res.statusCode, res.body).toBe(201);
    const { paymentId, redirectUrl, amountFen } = res.json();
    expect(amountFen).toBe(20000);
    const url = new URL(redirectUrl);
    expect(url.searchParams.get('notify_url')).toBe('https://jg.example/api/v1/payments/callbacks/alipay');
    expect(alipayVerify(Object.fromEntries(url.searchParams), app.publicKey)).toBe(true);

    const post = (params: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/payments/callbacks/alipay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(params).toString() });
    const forged = await post(notification({ out_trade_no: paymentId, total_amount: '200.00' }, app.privateKey));
    expect(forged.statusCode).toBe(401);
    const short = await post(notification({ out_trade_no: paymentId, total_amount: '1.00' }));
    expect(short.statusCode).toBe(422);
    const good = notification({ out_trade_no: paymentId, total_amount: '200.00' });
    const answers = await Promise.all([post(good), post(good), post(good)]);
    expect(answers.map((a) => [a.statusCode, a.body])).toEqual(Array(3).fill([200, 'success']));
    const [row] = await t.app.ctx.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(row).toMatchObject({ status: 'paid', tradeNo: good.trade_no });
    expect((await getFineForAccount(t.app.ctx, c.id, decisionNo))?.status).toBe('paid');
  });
});
