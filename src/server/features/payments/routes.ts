import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../../i18n/languages.ts';
import { requireCitizen } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import {
  callbackAnswerSchema,
  createdPaymentSchema,
  createPaymentBody,
  decisionParams,
  idempotencyHeaders,
  paymentParams,
  paymentSchema,
  problemSchema,
  receiptParams,
  receiptSchema,
} from './schemas.ts';
import {
  createFinePayment,
  getPaymentForAccount,
  getReceiptByNo,
  getReceiptForPayment,
  handleCallback,
  registerReconciliation,
  scheduleReconciliation,
} from './service.ts';
import { actOnSandboxTrade, findSandboxTrade, SANDBOX_CALLBACK_JOB, SANDBOX_CALLBACK_PATH, SANDBOX_SIGNATURE_HEADER, signSandboxBody, type CashierAction } from './sandbox.ts';
import { cashierPage, PAGES_SCRIPT, PAGES_SCRIPT_PATH, receiptPage } from './pages.ts';
import { defaultCacheControl } from '../../platform/cache-control.ts';

const tags = ['Payments'];
const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
const authProblems = { 401: problemSchema, 403: problemSchema };

const citizenId = (auth: { subjectId: string } | undefined): string => {
  if (!auth) throw new Problem('unauthorized', { status: 401 });
  return auth.subjectId;
};

const noStore = async (instance: FastifyInstance) => {
  instance.addHook('onSend', defaultCacheControl('no-store'));
};

/** Provider callbacks: their own plugin so the raw-body parsers apply to them alone. */
const callbackRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  // The signature covers the exact bytes sent: keep them, never a re-serialised object.
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));

  app.post(
    '/payments/callbacks/sandbox',
    {
      schema: {
        tags,
        summary: 'Sandbox provider callback: raw JSON { paymentId, tradeNo, amountFen, paidAt }, signed in X-Sandbox-Signature',
        description:
          'X-Sandbox-Signature is the hex HMAC-SHA256 of the raw body with SANDBOX_PAYMENT_SECRET. 401 `invalid_signature`, 422 `amount_mismatch` (both change nothing); the same valid callback any number of times pays once and answers 200.',
        response: { 200: callbackAnswerSchema, 401: problemSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const outcome = await handleCallback(ctx, 'sandbox', raw, request.headers);
      return { received: true as const, outcome };
    },
  );

  app.post(
    '/payments/callbacks/alipay',
    {
      schema: {
        tags,
        summary: 'Alipay asynchronous notification (form-encoded, RSA2-signed); answers `success`',
        response: { 200: z.string(), 401: problemSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      await handleCallback(ctx, 'alipay', raw, request.headers);
      // Alipay stops re-sending a notification only on this exact answer.
      return reply.type('text/plain').send('success');
    },
  );
};

/** `/api/v1` routes: creating and reading payments, receipts, provider callbacks. */
export const paymentsRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  await noStore(instance);

  // The sandbox "provider" tells the app through the same HTTP route any provider uses,
  // in-process (it is part of this app), from a job so a crash after "paid" loses nothing.
  ctx.jobs.register(SANDBOX_CALLBACK_JOB, async (payload: { body: string }) => {
    const res = await instance.inject({
      method: 'POST',
      url: SANDBOX_CALLBACK_PATH,
      headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signSandboxBody(ctx.config.secrets.sandboxPayment, payload.body) },
      payload: payload.body,
    });
    if (res.statusCode === 200) return;
    // A refusal will not change on retry (wrong secret, amount): leave it to reconciliation and the log.
    if (res.statusCode < 500) {
      let code: string | undefined;
      try {
        code = (res.json() as { code?: string }).code;
      } catch {
        code = undefined;
      }
      ctx.log.error({ status: res.statusCode, code }, 'sandbox callback refused');
      return;
    }
    throw new Error(`sandbox callback answered ${res.statusCode}`);
  });
  registerReconciliation(ctx);
  if ((ctx as { startWorkers?: boolean }).startWorkers) await scheduleReconciliation(ctx);

  await app.register(callbackRoutes);

  app.post(
    '/fines/:decisionNo/payments',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Pay a fine: creates (or reuses) the pending payment and answers where to pay',
        description:
          'Amount: the fine plus today’s late fee. One pending payment per fine is reused. Idempotency-Key: a retry answers the first result. Errors: 404 `fine_not_found`, 409 `fine_already_paid`, 409 `payment_in_progress`, 409 `idempotency_key_reused`, 422 `payment_provider_unavailable`.',
        security,
        params: decisionParams,
        headers: idempotencyHeaders,
        body: createPaymentBody,
        response: { 201: createdPaymentSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const created = await createFinePayment(
        ctx,
        citizenId(request.auth),
        request.params.decisionNo,
        { provider: request.body.provider, ...(typeof key === 'string' ? { idempotencyKey: key } : {}) },
        request.lang,
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/payments/:paymentId',
    {
      preValidation: requireCitizen,
      schema: { tags, summary: 'One of my payments', description: 'A pending payment is first checked with its provider, so a citizen back from the cashier sees the outcome at once.', security, params: paymentParams, response: { 200: paymentSchema, 404: problemSchema, ...authProblems } },
    },
    async (request) => getPaymentForAccount(ctx, citizenId(request.auth), request.params.paymentId),
  );

  app.get(
    '/payments/:paymentId/receipt',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'The electronic receipt of a paid payment',
        description: '409 `receipt_not_ready` while the payment is not paid.',
        security,
        params: paymentParams,
        response: { 200: receiptSchema, 404: problemSchema, 409: problemSchema, ...authProblems },
      },
    },
    async (request) => {
      const receipt = await getReceiptForPayment(ctx, citizenId(request.auth), request.params.paymentId, request.lang);
      return { ...receipt, printUrl: `/receipts/${receipt.receiptNo}` };
    },
  );
};

const cashierForm = z.object({ action: z.enum(['pay', 'fail', 'cancel']) });

/**
 * These pages are opened by a full navigation from the app, which cannot set Accept-Language:
 * the app names its language in `?lang=` instead (a citizen who chose English on a Chinese
 * phone reads the cashier and the receipt in English).
 */
function pageLanguage(request: FastifyRequest): Language {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  return typeof asked === 'string' && (LANGUAGES as readonly string[]).includes(asked) ? (asked as Language) : request.lang;
}

/** Pages outside `/api`: the sandbox cashier and the printable receipt. */
export const paymentPagesRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  await noStore(instance);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(PAGES_SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').type('text/javascript; charset=utf-8').send(PAGES_SCRIPT),
  );

  const cashierEnabled = () => {
    if (ctx.config.payments.provider !== 'sandbox') throw new Problem('not_found', { status: 404 });
  };

  app.get('/sandbox-pay/:paymentId', { schema: { hide: true, params: paymentParams } }, async (request, reply) => {
    cashierEnabled();
    const trade = /^[0-9a-f-]{36}$/i.test(request.params.paymentId) ? await findSandboxTrade(ctx, request.params.paymentId.toLowerCase()) : null;
    if (!trade) throw new Problem('payment_not_found', { status: 404 });
    return reply.type('text/html; charset=utf-8').send(cashierPage(pageLanguage(request), trade, ctx.clock.now()));
  });

  app.post('/sandbox-pay/:paymentId', { schema: { hide: true, params: paymentParams, body: cashierForm } }, async (request, reply) => {
    cashierEnabled();
    const id = request.params.paymentId.toLowerCase();
    const result = /^[0-9a-f-]{36}$/.test(id) ? await actOnSandboxTrade(ctx, id, request.body.action as CashierAction) : null;
    if (!result) throw new Problem('payment_not_found', { status: 404 });
    // Back to the app's result screen for this payment; a stale click re-shows the order.
    if (!result.changed) return reply.type('text/html; charset=utf-8').send(cashierPage(pageLanguage(request), result.trade, ctx.clock.now()));
    return reply.redirect(result.trade.returnUrl, 303);
  });

  app.get(
    '/receipts/:receiptNo',
    { preValidation: requireCitizen, schema: { hide: true, params: receiptParams } },
    async (request, reply) => {
      const lang = pageLanguage(request);
      const receipt = await getReceiptByNo(ctx, citizenId(request.auth), request.params.receiptNo, lang);
      return reply.type('text/html; charset=utf-8').send(receiptPage(lang, receipt));
    },
  );
};
