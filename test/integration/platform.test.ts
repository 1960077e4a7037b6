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

  it('sends security headers', async () => {
    const res = await t.app.inject('/healthz');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
