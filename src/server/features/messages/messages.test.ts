import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createCitizen, type Citizen } from '../accounts/testing.ts';
import { sendMessage } from './service.ts';

describe('message centre', () => {
  let t: TestApp;
  let alice: Citizen;
  let bob: Citizen;

  const inbox = (c: Citizen, lang = 'zh-CN', query = '') =>
    t.app.inject({ url: `/api/v1/me/messages${query}`, headers: { ...c.auth, 'accept-language': lang } });
  const unread = async (c: Citizen) => (await t.app.inject({ url: '/api/v1/me/messages/unread-count', headers: c.auth })).json().unreadCount;

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createCitizen(t.app, { phone: '13600000001', seq: '101', name: '林一' });
    bob = await createCitizen(t.app, { phone: '13600000002', seq: '103', name: '林二' });
    await sendMessage(t.app.ctx.db, alice.id, {
      kind: 'identity_review',
      titleKey: 'identityReview.approved.title',
      bodyKey: 'identityReview.approved.body',
      params: { name: '林一', docType: 'cn_id' },
    });
    t.clock.advance(60_000);
    await sendMessage(t.app.ctx.db, alice.id, {
      kind: 'identity_review',
      titleKey: 'identityReview.rejected.title',
      bodyKey: 'identityReview.rejected.body',
      params: { name: '林一', docType: 'hk_id', reason: '照片模糊' },
    });
  });
  afterAll(() => t.close());

  it('lists my messages newest first, rendered in the request language, stamped with the app clock', async () => {
    const zh = (await inbox(alice)).json();
    expect(zh).toHaveLength(2);
    expect(zh[0]).toMatchObject({ kind: 'identity_review', title: '实名审核未通过', read: false });
    expect(zh[0].body).toContain('香港身份证');
    expect(zh[0].body).toContain('照片模糊');
    expect(zh[1].title).toBe('实名审核已通过');
    expect(new Date(zh[0].createdAt).getTime() - new Date(zh[1].createdAt).getTime()).toBe(60_000);
    expect(new Date(zh[1].createdAt).toISOString()).toBe('2026-11-25T02:00:00.000Z');

    const hk = (await inbox(alice, 'zh-HK')).json();
    expect(hk[0].title).toBe('實名審核未通過');
    expect(hk[0].body).toContain('香港身份證');
    const en = (await inbox(alice, 'en')).json();
    expect(en[1].title).toBe('Identity check approved');
    expect(en[1].body).toContain('Resident Identity Card');
  });

  it('counts unread and marks one read; reading twice is harmless', async () => {
    expect(await unread(alice)).toBe(2);
    const [newest] = (await inbox(alice)).json();
    const read = await t.app.inject({ method: 'POST', url: `/api/v1/me/messages/${newest.id}/read`, headers: alice.auth });
    expect(read.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/messages/${newest.id}/read`, headers: alice.auth })).statusCode).toBe(204);
    expect(await unread(alice)).toBe(1);
    const after = (await inbox(alice)).json();
    expect(after[0]).toMatchObject({ id: newest.id, read: true });
    expect((await inbox(alice, 'zh-CN', '?unread=true')).json()).toHaveLength(1);
  });

  it("another citizen's message is 404 and never listed", async () => {
    const [aliceMessage] = (await inbox(alice)).json();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/me/messages/${aliceMessage.id}/read`, headers: bob.auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    expect((await inbox(bob)).json()).toEqual([]);
    expect(await unread(bob)).toBe(0);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/messages/${id}/read`, headers: alice.auth })).statusCode).toBe(404);
    }
  });

  it('marks all read', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/messages/read-all', headers: alice.auth });
    expect(res.json()).toEqual({ marked: 1 });
    expect(await unread(alice)).toBe(0);
  });

  it('pages with limit and before', async () => {
    const first = (await inbox(alice, 'zh-CN', '?limit=1')).json();
    expect(first).toHaveLength(1);
    const next = (await inbox(alice, 'zh-CN', `?limit=1&before=${encodeURIComponent(first[0].createdAt)}`)).json();
    expect(next).toHaveLength(1);
    expect(next[0].id).not.toBe(first[0].id);
  });

  it('needs a citizen session', async () => {
    expect((await t.app.inject('/api/v1/me/messages')).statusCode).toBe(401);
    expect((await t.app.inject('/api/v1/me/messages/unread-count')).statusCode).toBe(401);
  });
});
