/**
 * Alipay (支付宝) as a payment provider: mobile-web cashier (alipay.trade.wap.pay) with the
 * documented RSA2 signature (SHA256withRSA over the parameters sorted by name as `k=v&…`,
 * without `sign` and `sign_type`, empty values left out), verification of the asynchronous
 * notification with Alipay's public key, and alipay.trade.query for reconciliation.
 */
import { createSign, createVerify } from 'node:crypto';
import { shanghaiDate } from '../../../domain/dates.ts';
import type { PaymentNotice, PaymentProvider, PaymentQueryResult } from './provider.ts';
import { fenToYuan, yuanToFen } from './provider.ts';

export interface AlipayConfig {
  appId: string;
  /** PEM (PKCS#8 or PKCS#1) private key of the app. */
  privateKey: string;
  /** PEM public key of Alipay, for notifications and query answers. */
  alipayPublicKey: string;
  gateway: string;
  /** Absolute URL Alipay posts notifications to. */
  notifyUrl?: string;
}

/** The string Alipay signs: parameters sorted by name, `sign`/`sign_type` and empty values excluded. */
export function alipaySigningString(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && k !== 'sign_type' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** Alipay keys are often handed out as bare base64; accept both that and PEM. */
function pem(key: string, kind: 'PRIVATE' | 'PUBLIC'): string {
  const trimmed = key.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  const body = trimmed.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${kind} KEY-----\n${body}\n-----END ${kind} KEY-----`;
}

export function alipaySign(params: Record<string, string | undefined>, privateKey: string): string {
  return createSign('RSA-SHA256').update(alipaySigningString(params), 'utf8').sign(pem(privateKey, 'PRIVATE'), 'base64');
}

export function alipayVerify(params: Record<string, string | undefined>, publicKey: string): boolean {
  const sign = params.sign;
  if (!sign || (params.sign_type && params.sign_type !== 'RSA2')) return false;
  try {
    return createVerify('RSA-SHA256').update(alipaySigningString(params), 'utf8').verify(pem(publicKey, 'PUBLIC'), sign, 'base64');
  } catch {
    return false;
  }
}

/** "yyyy-MM-dd HH:mm:ss" in Beijing time, as Alipay writes and expects times. */
export function alipayTime(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return `${shanghaiDate(at)} ${shifted.slice(11, 19)}`;
}

function parseAlipayTime(text: string | undefined): Date | null {
  if (!text || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return null;
  const d = new Date(`${text.replace(' ', 'T')}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

const PAID_STATES = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

/** Checks an asynchronous notification (form-encoded); null unless it is Alipay's, for this app, and paid. */
export function verifyAlipayNotification(config: Pick<AlipayConfig, 'appId' | 'alipayPublicKey'>, rawBody: Buffer): PaymentNotice | null {
  const params = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
  if (!alipayVerify(params, config.alipayPublicKey)) return null;
  if (params.app_id !== config.appId || !PAID_STATES.has(params.trade_status ?? '')) return null;
  const amountFen = yuanToFen(params.total_amount ?? '');
  const paidAt = parseAlipayTime(params.gmt_payment);
  if (!params.out_trade_no || !params.trade_no || amountFen === null || !paidAt) return null;
  return { paymentId: params.out_trade_no.toLowerCase(), tradeNo: params.trade_no, amountFen, paidAt };
}

/** The signed cashier URL for one payment (no network: the citizen's browser goes there). */
export function alipayPayUrl(config: AlipayConfig, input: { paymentId: string; amountFen: number; subject: string; returnUrl: string; expiresAt: Date; now: Date }): string {
  const params: Record<string, string | undefined> = {
    app_id: config.appId,
    method: 'alipay.trade.wap.pay',
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: alipayTime(input.now),
    version: '1.0',
    return_url: input.returnUrl,
    notify_url: config.notifyUrl,
    biz_content: JSON.stringify({
      out_trade_no: input.paymentId,
      total_amount: fenToYuan(input.amountFen),
      subject: input.subject,
      product_code: 'QUICK_WAP_WAY',
      // The amount holds for one Shanghai day (the late fee grows at midnight): the order must not outlive it.
      time_expire: alipayTime(input.expiresAt),
    }),
  };
  params.sign = alipaySign(params, config.privateKey);
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  return `${config.gateway}?${query.toString()}`;
}

/**
 * The signed JSON object inside an Alipay answer, exactly as sent: Alipay signs the text of
 * `<method>_response`, so it must be cut out of the raw body, not re-serialised.
 */
export function signedResponseText(raw: string, key: string): string | null {
  const start = raw.indexOf(`"${key}"`);
  if (start < 0) return null;
  const open = raw.indexOf('{', start);
  if (open < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = open; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return raw.slice(open, i + 1);
  }
  return null;
}

export function createAlipayProvider(config: AlipayConfig, deps: { now: () => Date; fetch?: typeof fetch }): PaymentProvider {
  const doFetch = deps.fetch ?? fetch;
  return {
    name: 'alipay',
    async createPayment(input) {
      return { redirectUrl: alipayPayUrl(config, { ...input, now: deps.now() }) };
    },
    verifyCallback: (rawBody) => verifyAlipayNotification(config, rawBody),
    async queryPayment(paymentId): Promise<PaymentQueryResult> {
      const params: Record<string, string | undefined> = {
        app_id: config.appId,
        method: 'alipay.trade.query',
        format: 'JSON',
        charset: 'utf-8',
        sign_type: 'RSA2',
        timestamp: alipayTime(deps.now()),
        version: '1.0',
        biz_content: JSON.stringify({ out_trade_no: paymentId }),
      };
      params.sign = alipaySign(params, config.privateKey);
      const res = await doFetch(config.gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(params as Record<string, string>).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      const raw = await res.text();
      if (!res.ok) throw new Error(`alipay.trade.query answered HTTP ${res.status}`);
      const signed = signedResponseText(raw, 'alipay_trade_query_response');
      const sign = (JSON.parse(raw) as { sign?: string }).sign;
      if (!signed || !sign || !createVerify('RSA-SHA256').update(signed, 'utf8').verify(pem(config.alipayPublicKey, 'PUBLIC'), sign, 'base64')) {
        throw new Error('alipay.trade.query answer is not signed by Alipay');
      }
      const answer = JSON.parse(signed) as Record<string, string>;
      // ACQ.TRADE_NOT_EXIST: the citizen never opened the cashier; still payable until it expires.
      if (answer.code !== '10000') return answer.sub_code === 'ACQ.TRADE_NOT_EXIST' ? { status: 'pending' } : Promise.reject(new Error(`alipay.trade.query: ${answer.sub_code ?? answer.code}`));
      if (PAID_STATES.has(answer.trade_status ?? '')) {
        const amountFen = yuanToFen(answer.total_amount ?? '');
        const paidAt = parseAlipayTime(answer.send_pay_date) ?? deps.now();
        return { status: 'paid', tradeNo: answer.trade_no ?? '', ...(amountFen !== null ? { amountFen } : {}), paidAt };
      }
      return answer.trade_status === 'TRADE_CLOSED' ? { status: 'failed' } : { status: 'pending' };
    },
  };
}
