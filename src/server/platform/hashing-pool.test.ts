import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { hash as libuvHash, verify as libuvVerify } from '@node-rs/argon2';
import { ARGON2_PARAMS } from './crypto.ts';
import { HashingPool } from './hashing-pool.ts';

describe('HashingPool', () => {
  const pool = new HashingPool({ size: 2 });
  afterAll(() => pool.close());

  it('hashes with the given argon2id parameters and verifies what it made', async () => {
    const stored = await pool.hash('correct horse battery staple', ARGON2_PARAMS);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await pool.verify(stored, 'correct horse battery staple')).toBe(true);
    expect(await pool.verify(stored, 'correct horse battery stapler')).toBe(false);
    // Interchangeable with the library's own functions: stored hashes keep working both ways.
    expect(await libuvVerify(stored, 'correct horse battery staple')).toBe(true);
    expect(await pool.verify(await libuvHash('old password', ARGON2_PARAMS), 'old password')).toBe(true);
  });

  it('rejects a malformed stored hash (the crypto service turns that into false)', async () => {
    await expect(pool.verify('not-a-hash', 'x')).rejects.toThrow();
    // The worker survives the failure.
    expect(await pool.verify(await pool.hash('after', ARGON2_PARAMS), 'after')).toBe(true);
  });

  it('survives concurrent use: more jobs than workers queue and each gets its own answer', async () => {
    const secrets = Array.from({ length: 7 }, (_, i) => `secret-${i}`);
    const hashes = await Promise.all(secrets.map((s) => pool.hash(s, ARGON2_PARAMS)));
    expect(new Set(hashes).size).toBe(secrets.length);
    const checks = await Promise.all(secrets.flatMap((s, i) => [pool.verify(hashes[i]!, s), pool.verify(hashes[(i + 1) % secrets.length]!, s)]));
    expect(checks).toEqual(secrets.flatMap(() => [true, false]));
    expect(pool.queued).toBe(0);
  });

  it('keeps the event loop free while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await Promise.all([pool.hash('a', ARGON2_PARAMS), pool.hash('b', ARGON2_PARAMS), pool.hash('c', ARGON2_PARAMS)]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it.runIf(process.platform === 'linux')('lowers the priority of its worker threads only, not of the thread that uses it', async () => {
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const self = readlinkSync('/proc/thread-self').split('/').pop()!;
    const before = niceOf(self);
    await Promise.all([pool.hash('warm-1', ARGON2_PARAMS), pool.hash('warm-2', ARGON2_PARAMS)]);
    expect(niceOf(self)).toBe(before);
    const lowered = readdirSync('/proc/self/task').filter((tid) => tid !== self && niceOf(tid) === Math.min(19, before + 19));
    expect(lowered.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses work once closed', async () => {
    const closing = new HashingPool({ size: 1 });
    expect(await closing.verify(await closing.hash('x', ARGON2_PARAMS), 'x')).toBe(true);
    await closing.close();
    await expect(closing.hash('y', ARGON2_PARAMS)).rejects.toThrow(/closed/);
  });
});
