import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp } from '../../../../test/helpers/app.ts';
import { jobs } from '../tables.ts';
import { canonicalQuery, createAliyunProvider, percentEncode, rpcTimestamp, signRpcRequest } from './aliyun-provider.ts';

describe('Alibaba Cloud RPC signature', () => {
  it('percent-encodes per RFC 3986 with the Alibaba tweaks', () => {
    expect(percentEncode('a b')).toBe('a%20b');
    expect(percentEncode('*')).toBe('%2A');
    expect(percentEncode('~-_.')).toBe('~-_.');
    expect(percentEncode("!'()")).toBe('%21%27%28%29');
    expect(percentEncode('/=&+:')).toBe('%2F%3D%26%2B%3A');
    expect(percentEncode('阿')).toBe('%E9%98%BF');
  });

  it('matches the SendSms example of the Alibaba Cloud SMS documentation (known answer)', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(canonicalQuery(params)).toBe(
      'AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou' +
        '&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8' +
        '&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0' +
        '&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25',
    );
    expect(signRpcRequest('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('matches the DescribeRegions example of the RPC signature documentation (known answer)', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(signRpcRequest('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('formats timestamps in UTC without milliseconds', () => {
    expect(rpcTimestamp(new Date('2026-11-25T10:00:00.123+08:00'))).toBe('2026-11-25T02:00:00Z');
  });
});

/**
 * A stand-in for dysmsapi on 127.0.0.1 that checks each request the way the service does:
 * it re-derives the signature from the received query, independently of the code under test.
 */
function fakeDysmsapi(secret: string, answer: (params: Record<string, string>) => { Code: string; Message: string; BizId?: string }) {
  const received: Array<Record<string, string>> = [];
  const encode = (s: string) =>
    encodeURIComponent(s)
      .replace(/!/g, '%21')
      .replace(/'/g, '%27')
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29')
      .replace(/\*/g, '%2A');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    const { Signature, ...rest } = params;
    const canonical = Object.keys(rest)
      .sort()
      .map((k) => `${encode(k)}=${encode(rest[k]!)}`)
      .join('&');
    const expected = createHmac('sha1', `${secret}&`).update(`GET&%2F&${encode(canonical)}`).digest('base64');
    res.setHeader('content-type', 'application/json');
    if (req.method !== 'GET' || Signature !== expected) {
      res.statusCode = 400;
      res.end(JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' }));
      return;
    }
    received.push(rest);
    res.end(JSON.stringify({ RequestId: 'req-1', ...answer(rest) }));
  });
  return {
    received,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Alibaba Cloud SMS provider', () => {
  const secret = 'fake-secret/with+specials=';
  let answerCode = 'OK';
  const fake = fakeDysmsapi(secret, () => (answerCode === 'OK' ? { Code: 'OK', Message: 'OK', BizId: 'biz-123' } : { Code: answerCode, Message: 'limited' }));
  let endpoint = '';
  beforeAll(async () => {
    endpoint = await fake.start();
  });
  afterAll(() => fake.stop());

  it('sends a signed SendSms request with the code as template parameter', async () => {
    answerCode = 'OK';
    const provider = createAliyunProvider({ endpoint, accessKeyId: 'LTAI-test', accessKeySecret: secret, signName: '交管服务', templateCode: 'SMS_100000001' });
    const result = await provider.send({ to: '13812345678', text: '您的验证码为123456', purpose: 'login', code: '123456' });
    expect(result).toEqual({ providerMessageId: 'biz-123' });
    const req = fake.received.at(-1)!;
    expect(req).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      Format: 'JSON',
      PhoneNumbers: '13812345678',
      SignName: '交管服务',
      TemplateCode: 'SMS_100000001',
      AccessKeyId: 'LTAI-test',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
    });
    expect(JSON.parse(req.TemplateParam!)).toEqual({ code: '123456' });
    expect(req.Timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(req.SignatureNonce).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends plain notices as a text parameter, with a fresh nonce each time', async () => {
    answerCode = 'OK';
    const provider = createAliyunProvider({ endpoint, accessKeyId: 'LTAI-test', accessKeySecret: secret, signName: '交管服务', templateCode: 'SMS_1' });
    await provider.send({ to: '13812345678', text: '您的审核已通过（100%）', purpose: 'review_result' });
    await provider.send({ to: '13812345678', text: 'again', purpose: 'review_result' });
    const [a, b] = fake.received.slice(-2);
    expect(JSON.parse(a!.TemplateParam!)).toEqual({ text: '您的审核已通过（100%）' });
    expect(a!.SignatureNonce).not.toBe(b!.SignatureNonce);
  });

  it('treats a Code other than OK as a failure', async () => {
    answerCode = 'isv.BUSINESS_LIMIT_CONTROL';
    const provider = createAliyunProvider({ endpoint, accessKeyId: 'LTAI-test', accessKeySecret: secret, signName: 'S', templateCode: 'T' });
    await expect(provider.send({ to: '13812345678', text: 'x', purpose: 'login', code: '000000' })).rejects.toThrow(/isv\.BUSINESS_LIMIT_CONTROL/);
  });

  it('fails on a signature the service rejects (wrong secret)', async () => {
    answerCode = 'OK';
    const provider = createAliyunProvider({ endpoint, accessKeyId: 'LTAI-test', accessKeySecret: 'wrong', signName: 'S', templateCode: 'T' });
    await expect(provider.send({ to: '13812345678', text: 'x', purpose: 'login' })).rejects.toThrow(/SignatureDoesNotMatch/);
  });

  it('is used by ctx.sms when configured, and a failed send is retried by the job', async () => {
    const t = await createTestApp({
      env: {
        SMS_PROVIDER: 'aliyun',
        ALIYUN_SMS_ENDPOINT: endpoint,
        ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI-test',
        ALIYUN_SMS_ACCESS_KEY_SECRET: secret,
        ALIYUN_SMS_SIGN_NAME: '交管服务',
        ALIYUN_SMS_TEMPLATE_CODE: 'SMS_2',
      },
    });
    try {
      const { ctx } = t.app;
      expect(ctx.sms.provider.name).toBe('aliyun');
      const before = fake.received.length;
      answerCode = 'isv.BUSINESS_LIMIT_CONTROL';
      await ctx.sms.send(ctx.db, { to: '13912345678', text: 'code 654321', purpose: 'login', code: '654321' });
      await ctx.jobs.drain();
      let [job] = await ctx.db.select().from(jobs);
      expect(job!.doneAt).toBeNull();
      expect(job!.lastError).toContain('isv.BUSINESS_LIMIT_CONTROL');
      answerCode = 'OK';
      t.clock.advance(60 * 60_000);
      await ctx.jobs.drain();
      [job] = await ctx.db.select().from(jobs);
      expect(job!.doneAt).not.toBeNull();
      // Two well-signed requests: the one the provider refused, and the retry it accepted.
      expect(fake.received.slice(before).map((r) => r.PhoneNumbers)).toEqual(['13912345678', '13912345678']);
      expect(job!.attempts).toBe(2);
      // The dev outbox endpoint does not exist with a real provider.
      expect((await t.app.inject('/api/v1/dev/sms?phone=13912345678')).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
