import { createHmac, randomUUID } from 'node:crypto';
import type { SmsProvider } from './provider.ts';

/**
 * Alibaba Cloud SMS (Dysmsapi) through its RPC-style HTTP API, action SendSms, version
 * 2017-05-25, signed with signature version 1.0 (HMAC-SHA1). Only `fetch` is needed, so no
 * SDK is pulled in.
 */

/** RFC 3986 percent-encoding as Alibaba Cloud's RPC signature defines it: only A–Z a–z 0–9 - _ . ~ stay as they are. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical query: parameters sorted by name (code-unit order), each name=value encoded. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
}

/** Signature = base64(HMAC-SHA1(secret + "&", "GET&%2F&" + percentEncode(canonical query))). */
export function signRpcRequest(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Alibaba's Timestamp: ISO 8601 in UTC without milliseconds. */
export function rpcTimestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface AliyunSmsOptions {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** Timestamps are protocol time (the provider checks them against its own clock), not business time. */
  now?: () => Date;
  timeoutMs?: number;
}

export class AliyunSmsError extends Error {
  constructor(
    message: string,
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'AliyunSmsError';
  }
}

export function createAliyunProvider(opts: AliyunSmsOptions): SmsProvider {
  const now = opts.now ?? (() => new Date());
  return {
    name: 'aliyun',
    async send(msg) {
      const params: Record<string, string> = {
        AccessKeyId: opts.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: msg.to,
        SignName: opts.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: opts.templateCode,
        TemplateParam: JSON.stringify(msg.code !== undefined ? { code: msg.code } : { text: msg.text }),
        Timestamp: rpcTimestamp(now()),
        Version: '2017-05-25',
      };
      const signature = signRpcRequest('GET', params, opts.accessKeySecret);
      const url = `${opts.endpoint.replace(/\/?$/, '/')}?Signature=${percentEncode(signature)}&${canonicalQuery(params)}`;
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
      const body = (await res.json().catch(() => null)) as { Code?: string; Message?: string; BizId?: string } | null;
      if (!body || body.Code !== 'OK') {
        // The provider's message names the problem (bad template, throttled); never the phone.
        throw new AliyunSmsError(`SendSms failed: HTTP ${res.status} ${body?.Code ?? 'no code'} ${body?.Message ?? ''}`.trim(), body?.Code);
      }
      return body.BizId ? { providerMessageId: body.BizId } : {};
    },
  };
}
