import type { AppContext } from '../../context.ts';
import { smsOutbox } from '../tables.ts';
import { maskPhone, type SmsProvider } from './provider.ts';

/**
 * Development provider: "sends" by storing the message, readable at GET /api/v1/dev/sms.
 * The log line carries the masked phone and the purpose only: logs are shipped elsewhere.
 */
export function createOutboxProvider(ctx: Pick<AppContext, 'db' | 'clock' | 'log'>): SmsProvider {
  return {
    name: 'outbox',
    async send(msg) {
      const [row] = await ctx.db
        .insert(smsOutbox)
        .values({ to: msg.to, text: msg.text, purpose: msg.purpose, code: msg.code ?? null, sentAt: ctx.clock.now() })
        .returning({ id: smsOutbox.id });
      ctx.log.info(`SMS to ${maskPhone(msg.to)} [${msg.purpose}]`);
      return { providerMessageId: `outbox-${row!.id}` };
    },
  };
}
