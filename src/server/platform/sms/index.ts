import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { createAliyunProvider } from './aliyun-provider.ts';
import { createOutboxProvider } from './outbox-provider.ts';
import type { SmsMessage, SmsProvider } from './provider.ts';

export type { SmsMessage, SmsProvider } from './provider.ts';
export { maskPhone } from './provider.ts';

export const SMS_SEND_JOB = 'sms.send';

export interface SmsService {
  /** Enqueues the message in the caller's transaction; the `sms.send` job delivers it. */
  send(db: DbOrTx, msg: SmsMessage): Promise<void>;
  /** The configured provider (for diagnostics and tests). */
  readonly provider: SmsProvider;
}

declare module '../../context.ts' {
  interface AppContext {
    sms: SmsService;
  }
}

export function createSmsProvider(ctx: AppContext): SmsProvider {
  const cfg = ctx.config.sms;
  if (cfg.provider === 'aliyun') {
    return createAliyunProvider({
      endpoint: cfg.endpoint,
      accessKeyId: cfg.accessKeyId,
      accessKeySecret: cfg.accessKeySecret,
      signName: cfg.signName,
      templateCode: cfg.templateCode,
    });
  }
  return createOutboxProvider(ctx);
}

function validMessage(msg: SmsMessage): SmsMessage {
  if (!msg.to || !msg.text || !msg.purpose) throw new Error('SMS needs to, text and purpose');
  return { to: msg.to, text: msg.text, purpose: msg.purpose, ...(msg.code !== undefined ? { code: msg.code } : {}) };
}

export function setupSms(ctx: AppContext): void {
  const provider = createSmsProvider(ctx);
  ctx.jobs.register(SMS_SEND_JOB, async (payload: SmsMessage) => {
    await provider.send(validMessage(payload));
  });
  ctx.sms = {
    provider,
    send: (db, msg) => ctx.jobs.enqueue(db, SMS_SEND_JOB, validMessage(msg)),
  };
}
