import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

describe('platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });

  it('serves an OpenAPI 3.1 document and Prometheus metrics', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const metrics = await t.app.inject('/metrics');
    expect(metrics.body).toContain('http_request_duration_seconds');
  });

  it('answers unknown API paths with a problem in the request language', async () => {
    const zh = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(zh.statusCode).toBe(404);
    expect(zh.headers['content-type']).toContain('application/problem+json');
    expect(zh.json()).toMatchObject({ status: 404, code: 'not_found', title: '未找到' });
    const hk = await t.app.inject({ url: '/api/v1/nothing-here', headers: { 'accept-language': 'zh-HK,zh;q=0.9' } });
    expect(hk.json().title).toBe('找不到');
    const en = await t.app.inject({ url: '/api/v1/nothing-here', headers: { 'accept-language': 'en-GB' } });
    expect(en.json().title).toBe('Not found');
  });

  // Exactly what @fastify/helmet sent with the same options (recorded before it was replaced
  // by headers computed once): a change here is a change of security policy, not a refactor.
  const SECURITY_HEADERS = {
    'content-security-policy':
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';media-src 'self' blob:;connect-src 'self';worker-src 'self';manifest-src 'self'",
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };

  it('sends the security headers on answers, problems and answers cut short by a failed CSRF check', async () => {
    const session = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'someone' });
    const answers = [
      await t.app.inject('/healthz'),
      await t.app.inject('/api/v1/nothing-here'),
      await t.app.inject('/api/v1/me'),
      await t.app.inject({ method: 'PUT', url: '/api/v1/me/gesture', cookies: { jg_session: session.token, jg_csrf: session.csrfToken }, payload: {} }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 404, 401, 403]);
    expect(answers[3]!.json().code).toBe('csrf_failed');
    for (const res of answers) expect(res.headers).toMatchObject(SECURITY_HEADERS);
    expect(answers[0]!.headers['x-powered-by']).toBeUndefined();
  });

  it('lets the API docs keep their own content security policy', async () => {
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toContain("img-src 'self' data: validator.swagger.io");
    expect(docs.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
