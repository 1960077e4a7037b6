import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { pickLanguage, type Language } from '../../i18n/languages.ts';
import { Problem } from './problems.ts';
import { translator, problemNamespace } from './i18n.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of this request's answers (Accept-Language; zh-CN by default). */
    lang: Language;
  }
}

/** Writes a problem document in the request's language. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  const t = translator(request.lang);
  const { code, status, options } = problem;
  const ns = problemNamespace(code);
  const title = ns ? t(`${ns}:${code}.title`, options.params) : code;
  const detail = ns ? t(`${ns}:${code}.detail`, { ...options.params, defaultValue: title }) : title;
  if (options.headers) reply.headers(options.headers);
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `/api/problems/${code}`,
      title,
      status,
      detail,
      code,
      ...(options.field ? { field: options.field } : {}),
      ...(options.suggestion !== undefined ? { suggestion: options.suggestion } : {}),
      ...options.extra,
    });
}

const kLang = Symbol('jiaoguan.lang');

/** One place turns every failure into `application/problem+json`; 5xx messages stay hidden. */
export function registerErrorHandling(app: FastifyInstance) {
  // Negotiated on first use and kept for the request: most answers (a health check, an image,
  // a list without translated text) never ask, so no per-request hook parses the header.
  app.decorateRequest(kLang, undefined);
  app.decorateRequest('lang', {
    getter(this: FastifyRequest & { [kLang]?: Language }) {
      return (this[kLang] ??= pickLanguage(this.headers['accept-language']));
    },
    setter(this: FastifyRequest & { [kLang]?: Language }, lang: Language) {
      this[kLang] = lang;
    },
  });

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) {
      if (error.status >= 500) request.log.error({ err: error.options.cause ?? error, code: error.code }, 'problem');
      return sendProblem(request, reply, error);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      const field = issue?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || undefined;
      return sendProblem(request, reply, new Problem('bad_request', { status: 400, ...(field ? { field } : {}), params: { field: field ?? '' } }));
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status === 413 || (error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE') {
      return sendProblem(request, reply, new Problem('payload_too_large', { status: 413 }));
    }
    if (status === 415) return sendProblem(request, reply, new Problem('unsupported_media_type', { status: 415 }));
    if (status >= 400 && status < 500) {
      return sendProblem(request, reply, new Problem(status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'bad_request', { status }));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, new Problem('internal_error', { status: 500 }));
  });
}
