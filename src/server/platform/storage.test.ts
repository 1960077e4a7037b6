import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { assertStorageKey } from './storage.ts';

describe('ctx.storage', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores, reads and deletes files under DATA_DIR/files', async () => {
    const { storage, config } = t.app.ctx;
    const data = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await storage.put('photos/elicence/abc-123.jpg', data, 'image/jpeg');
    expect(existsSync(path.join(config.dataDir, 'files/photos/elicence/abc-123.jpg'))).toBe(true);
    expect(await storage.get('photos/elicence/abc-123.jpg')).toEqual({ data, contentType: 'image/jpeg' });
    await storage.put('photos/elicence/abc-123.jpg', Buffer.from('v2'), 'text/plain');
    expect(await storage.get('photos/elicence/abc-123.jpg')).toEqual({ data: Buffer.from('v2'), contentType: 'text/plain' });
    await storage.delete('photos/elicence/abc-123.jpg');
    expect(await storage.get('photos/elicence/abc-123.jpg')).toBeNull();
    // Deleting what is not there is fine (retries of a cleanup job).
    await expect(storage.delete('photos/elicence/abc-123.jpg')).resolves.toBeUndefined();
  });

  it('answers null for a missing key', async () => {
    expect(await t.app.ctx.storage.get('nothing/here.jpg')).toBeNull();
  });

  it('rejects keys that could leave the storage root', async () => {
    for (const bad of ['../etc/passwd', 'a/../../b', 'a/..', '/abs', 'a//b', '.hidden', 'a\\b', '', 'a/b/', 'x..y/../z']) {
      expect(() => assertStorageKey(bad), bad).toThrow(/invalid storage key/);
      await expect(t.app.ctx.storage.put(bad, Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid storage key/);
    }
    expect(() => assertStorageKey('accounts/8f0c/doc-front.v1.jpg')).not.toThrow();
  });
});
