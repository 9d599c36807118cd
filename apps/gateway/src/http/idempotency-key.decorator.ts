import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyMeta, ValidationFailedError } from '@sms/contracts';
import { markRequestRepeatable } from '@sms/nats';
import { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';

/** Stable JSON: object keys sorted, so `{a,b}` and `{b,a}` hash the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The request's Idempotency-Key (1..255 chars) with a hash of method, path and body;
 * undefined when the client sent none. The service stores it with the effect.
 */
export const Idempotency = createParamDecorator((_: unknown, ctx: ExecutionContext): IdempotencyMeta | undefined => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
    throw new ValidationFailedError([
      { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 characters' },
    ]);
  }
  // The service stores the key with the effect: its NATS call may be sent again (libs/nats rpc-retry).
  markRequestRepeatable();
  const requestHash = createHash('sha256')
    .update(`${req.method} ${req.url.split('?')[0]}\n${canonical(req.body ?? null)}`)
    .digest('hex');
  return { key, requestHash };
});

/** OpenAPI description of the header, for the routes that honour it. */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any string up to 255 characters: a retry with the same key and body returns the first response; another body is 409.',
  });
