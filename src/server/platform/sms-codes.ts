import { randomInt } from 'node:crypto';
import { and, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Language } from '../../i18n/languages.ts';
import { safeEqual } from './crypto.ts';
import { hasTranslation, translator } from './i18n.ts';
import { Problem } from './problems.ts';
import { smsCodes } from './tables.ts';

export const SMS_CODE_TTL_MS = 5 * 60_000;
export const SMS_CODE_MAX_TRIES = 5;
export const SMS_MIN_INTERVAL_MS = 60_000;
export const SMS_MAX_PER_DAY = 10;
const DAY_MS = 24 * 60 * 60_000;
/** Asia/Shanghai has had no daylight saving since 1991: a fixed UTC+8 offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60_000;

export interface SmsCodesService {
  issue(input: { phone: string; purpose: string; lang: Language }): Promise<{ expiresAt: Date }>;
  verify(input: { phone: string; purpose: string; code: string }): Promise<void>;
}

declare module '../context.ts' {
  interface AppContext {
    smsCodes: SmsCodesService;
  }
}

/** Start of the Shanghai calendar day that contains `t`, as an instant. */
export function shanghaiDayStart(t: Date): Date {
  const local = t.getTime() + SHANGHAI_OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS);
}

function rateLimited(retryAfterSeconds: number): Problem {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new Problem('sms_rate_limited', {
    status: 429,
    headers: { 'Retry-After': String(seconds) },
    extra: { retryAfterSeconds: seconds },
    params: { seconds },
  });
}

/** The SMS text in the recipient's language, with a lead-in naming the purpose where we have one. */
export function smsCodeText(lang: Language, purpose: string, code: string): string {
  const t = translator(lang);
  const leadKey = `platform:sms.lead.${purpose}`;
  const lead = hasTranslation(leadKey, lang) ? t(leadKey) : '';
  return t('platform:sms.code', { code, lead, minutes: SMS_CODE_TTL_MS / 60_000 });
}

export function createSmsCodes(ctx: AppContext): SmsCodesService {
  // Bound to phone and purpose, so a code hash copied to another row never matches.
  const codeHash = (phoneHash: string, purpose: string, code: string) => ctx.crypto.lookupHash(`sms-code\u0000${phoneHash}\u0000${purpose}\u0000${code}`);

  return {
    async issue({ phone, purpose, lang }) {
      const phoneHash = ctx.crypto.lookupHash(phone);
      const now = ctx.clock.now();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + SMS_CODE_TTL_MS);
      const outcome = await ctx.db.transaction(async (tx) => {
        // Serialises issues for one phone across processes, so two parallel requests cannot both pass the limits.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms-code:${phoneHash}`}))`);
        const [last] = await tx
          .select({ createdAt: smsCodes.createdAt })
          .from(smsCodes)
          .where(eq(smsCodes.phoneHash, phoneHash))
          .orderBy(desc(smsCodes.createdAt))
          .limit(1);
        if (last && now.getTime() - last.createdAt.getTime() < SMS_MIN_INTERVAL_MS) {
          return { retryAfterSeconds: (last.createdAt.getTime() + SMS_MIN_INTERVAL_MS - now.getTime()) / 1000 };
        }
        const dayStart = shanghaiDayStart(now);
        const [today] = await tx
          .select({ n: count() })
          .from(smsCodes)
          .where(and(eq(smsCodes.phoneHash, phoneHash), gte(smsCodes.createdAt, dayStart)));
        if ((today?.n ?? 0) >= SMS_MAX_PER_DAY) {
          return { retryAfterSeconds: (dayStart.getTime() + DAY_MS - now.getTime()) / 1000 };
        }
        await tx.insert(smsCodes).values({ phoneHash, purpose, codeHash: codeHash(phoneHash, purpose, code), createdAt: now, expiresAt });
        await ctx.sms.send(tx, { to: phone, text: smsCodeText(lang, purpose, code), purpose, code });
        return null;
      });
      if (outcome) throw rateLimited(outcome.retryAfterSeconds);
      return { expiresAt };
    },

    async verify({ phone, purpose, code }) {
      const phoneHash = ctx.crypto.lookupHash(phone);
      const now = ctx.clock.now();
      // The outcome is decided in the transaction but thrown after it: a wrong try must be counted, not rolled back.
      const outcome = await ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(smsCodes)
          .where(and(eq(smsCodes.phoneHash, phoneHash), eq(smsCodes.purpose, purpose)))
          .orderBy(desc(smsCodes.createdAt))
          .limit(1)
          .for('update');
        if (!row || row.usedAt || row.expiresAt <= now || row.tries >= SMS_CODE_MAX_TRIES) return 'code_expired' as const;
        if (!/^\d{6}$/.test(code) || !safeEqual(row.codeHash, codeHash(phoneHash, purpose, code))) {
          await tx.update(smsCodes).set({ tries: sql`${smsCodes.tries} + 1` }).where(eq(smsCodes.id, row.id));
          return 'invalid_code' as const;
        }
        await tx.update(smsCodes).set({ usedAt: now }).where(eq(smsCodes.id, row.id));
        return 'ok' as const;
      });
      if (outcome !== 'ok') throw new Problem(outcome, { status: 422, field: 'code' });
    },
  };
}

export function setupSmsCodes(ctx: AppContext): void {
  ctx.smsCodes = createSmsCodes(ctx);
}
