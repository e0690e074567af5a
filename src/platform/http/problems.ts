import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorStatus, type ErrorCode, type FieldError, type Problem } from '../errors.js';
import type { Translator } from '../i18n/index.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** Turns schema validation issues into field errors a person can act on, in their language. */
export function fieldErrorsFromValidation(issues: AjvIssue[], context: string | undefined, t: Translator): FieldError[] {
  const prefix = context && context !== 'body' ? `/${context}` : '';
  return issues.map((issue) => {
    let path = `${prefix}${issue.instancePath ?? ''}`;
    const params = issue.params ?? {};
    let code = issue.keyword ?? 'invalid';
    let message: string;
    switch (issue.keyword) {
      case 'required':
        path = `${path}/${String(params.missingProperty)}`;
        message = t.t('field.required');
        break;
      case 'additionalProperties':
        path = `${path}/${String(params.additionalProperty)}`;
        code = 'unknown_field';
        message = t.t('field.unknown');
        break;
      case 'maxLength':
        message = t.t('field.tooLong', { max: Number(params.limit) });
        break;
      case 'minLength':
        message = Number(params.limit) <= 1 ? t.t('field.required') : t.t('field.tooShort', { min: Number(params.limit) });
        if (Number(params.limit) <= 1) code = 'required';
        break;
      case 'format':
        message = params.format === 'email' ? t.t('field.email') : t.t('field.invalid');
        break;
      default:
        message = `${t.t('field.invalid')} ${issue.message ?? ''}`.trim();
    }
    return { path: path || '/', code, message };
  });
}

export function problemFor(code: ErrorCode, detail: string, errors: FieldError[], t: Translator): Problem {
  return {
    type: `https://equipage.invalid/problems/${code}`,
    status: errorStatus[code],
    title: t.t(`errors.${code}`),
    detail,
    code,
    errors,
  };
}

const MALFORMED_BODY = /^(Multipart: |Unexpected end of (form|file)|Malformed (part header|urlencoded form)|Unsupported content type: )/;

/** Maps anything thrown during a request to one problem; never leaks an internal message. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  const t = request.i18n;
  if (error instanceof AppError) return problemFor(error.code, error.message, error.errors, t);
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation) {
    const errors = fieldErrorsFromValidation(e.validation, e.validationContext, t);
    return problemFor('validation_failed', errors.map((x) => `${x.path}: ${x.message}`).join(' '), errors, t);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemFor('unsupported_media_type', String(request.headers['content-type'] ?? ''), [], t);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemFor('payload_too_large', e.message, [], t);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problemFor('malformed_json', e.message, [], t);
  }
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message))) {
    return problemFor('malformed_json', e.message, [], t);
  }
  // busboy (behind @fastify/multipart) throws bare Errors for a body that is not what its
  // content type announces: the client's mistake, not ours.
  if (MALFORMED_BODY.test(e.message ?? '')) return problemFor('malformed_body', e.message, [], t);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code: ErrorCode = e.statusCode === 404 ? 'not_found' : e.statusCode === 405 ? 'method_not_allowed' : 'validation_failed';
    return { ...problemFor(code, e.message, [], t), status: e.statusCode };
  }
  return problemFor('internal_error', t.t('errors.internal_error'), [], t);
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.status(problem.status).headers(headers).type('application/problem+json; charset=utf-8').send(problem);
}
