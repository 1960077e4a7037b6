import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import { call, ConsoleApiError, NETWORK_ERROR, onApiError, readCookie, toApiError } from './api.ts';

/**
 * The fetch wrapper against a stubbed `fetch` and `document.cookie`: these are the
 * browser's two inputs to it, and what it sends is what the server's CSRF and language
 * handling depend on.
 */
describe('console api client', () => {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  let answer: Response;

  beforeEach(async () => {
    calls.length = 0;
    await i18next.init({ lng: 'zh-HK', resources: {}, initAsync: false, showSupportNotice: false } as never);
    vi.stubGlobal('document', { cookie: 'other=1; jg_csrf=abc%2Fdef; jg_x=2' });
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer;
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const headers = (i: number) => calls[i]!.init.headers as Record<string, string>;

  it('sends the language on reads, and no CSRF header there', async () => {
    answer = Response.json({ ok: true });
    expect(await call('GET', '/api/v1/staff/me')).toEqual({ ok: true });
    expect(headers(0)['accept-language']).toBe('zh-HK');
    expect(headers(0)['x-csrf-token']).toBeUndefined();
    expect(calls[0]!.init.credentials).toBe('same-origin');
  });

  it('echoes the jg_csrf cookie on state-changing calls and sends JSON', async () => {
    answer = new Response(null, { status: 204 });
    await call('POST', '/api/v1/staff/reviews/x/decision', { body: { decision: 'approve' } });
    expect(headers(0)['x-csrf-token']).toBe('abc/def');
    expect(headers(0)['content-type']).toBe('application/json');
    expect(calls[0]!.init.body).toBe('{"decision":"approve"}');
  });

  it('sends a Blob as is with the given content type', async () => {
    answer = Response.json({ created: 1 });
    const blob = new Blob(['{"kind":"person"}\n']);
    await call('POST', '/api/v1/staff/registry/imports', { body: blob, contentType: 'application/x-ndjson' });
    expect(calls[0]!.init.body).toBe(blob);
    expect(headers(0)['content-type']).toBe('application/x-ndjson');
  });

  it('turns a problem document into an error with its detail, code and field, and tells listeners', async () => {
    const seen: ConsoleApiError[] = [];
    const off = onApiError((e) => seen.push(e));
    answer = new Response(JSON.stringify({ status: 422, code: 'reason_required', title: '需要原因', detail: '駁回時必須填寫原因。', field: 'reason' }), {
      status: 422,
      headers: { 'content-type': 'application/problem+json' },
    });
    const error = await call('POST', '/x', { body: {} }).catch((e: unknown) => e);
    off();
    expect(error).toBeInstanceOf(ConsoleApiError);
    expect(error).toMatchObject({ status: 422, code: 'reason_required', detail: '駁回時必須填寫原因。', field: 'reason', message: '駁回時必須填寫原因。' });
    expect(seen).toEqual([error]);
  });

  it('reports a failed connection as network_error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(call('GET', '/x')).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR });
  });

  it('copes with error bodies that are not problem documents', () => {
    expect(toApiError(502, 'Bad Gateway', '<html>')).toMatchObject({ code: 'http_502', title: 'Bad Gateway', detail: '' });
  });

  it('reads cookies by exact name', () => {
    expect(readCookie('jg_csrf_old=1; jg_csrf=a%20b', 'jg_csrf')).toBe('a b');
    expect(readCookie('', 'jg_csrf')).toBeUndefined();
  });
});
