/**
 * `jiaoguan keys rotate`: a new e-licence signing key becomes current; the old one is
 * retired but stays in the JWKS for 24 hours, so credentials issued just before the
 * rotation (they live 5 minutes) and verifiers' cached key sets keep working. Running
 * servers pick the new key up within a minute. With ELICENCE_SIGNING_KEY configured the
 * key is the operator's to replace, and the command says so.
 */
import type { FastifyInstance } from 'fastify';
import { keyRing } from '../server/features/elicence/keys.ts';
import { translator } from '../server/platform/i18n.ts';
import type { Language } from '../i18n/languages.ts';

export async function keysRotateCommand(withApp: <T>(fn: (app: FastifyInstance) => Promise<T>) => Promise<T>, lang: Language): Promise<number> {
  const t = translator(lang);
  return withApp(async (app) => {
    if (app.ctx.config.elicence.signingKey) {
      console.error(t('elicence:cli.rotateRefused'));
      return 1;
    }
    const { kid, retired } = await keyRing(app.ctx).rotate();
    console.log(t('elicence:cli.rotated', { kid, retired: retired.length ? retired.join(', ') : '—' }));
    return 0;
  });
}
