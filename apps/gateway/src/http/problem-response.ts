import { HttpException } from '@nestjs/common';
import { DomainError, isProblem, Problem, RemoteProblemError, titleFor } from '@sms/contracts';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Fastify's own errors (malformed JSON, body too large, bad content type) in plain words. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but declared as JSON.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request content type is not supported; send application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is too long.',
  FST_ERR_BAD_URL: 'The URL is malformed.',
};

/** Maps anything thrown while serving a request to an RFC 9457 problem; unknown errors are 500. */
export function toProblem(err: unknown): { problem: Problem; unexpected: boolean } {
  if (err instanceof DomainError) return { problem: err.toProblem(), unexpected: false };
  if (err instanceof RemoteProblemError) return { problem: err.problem, unexpected: err.problem.status >= 500 };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    if (isProblem(body)) return { problem: body, unexpected: false };
    const detail = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? err.message);
    return {
      problem: { status, title: titleFor(status), detail: Array.isArray(detail) ? detail.join('; ') : String(detail) },
      unexpected: status >= 500,
    };
  }
  const f = err as FastifyLikeError;
  if (typeof f?.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    const detail = (f.code && FASTIFY_DETAILS[f.code]) || 'The request could not be processed.';
    return {
      problem: { status: f.statusCode, title: titleFor(f.statusCode), detail, code: f.code },
      unexpected: false,
    };
  }
  return {
    problem: { status: 500, title: titleFor(500), detail: 'An unexpected error occurred.', code: 'internal' },
    unexpected: true,
  };
}
