import { Logger } from '@nestjs/common';
import { REQUEST_ID_HEADER, requestContext } from '@sms/logging';
import { httpRequestDuration } from '@sms/metrics';
import { httpServerSpan, parseTraceparent, Span, SpanKind, startSpan, TRACEPARENT_HEADER } from '@sms/tracing';
import { PROBLEM_CONTENT_TYPE } from './problem.filter';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A client-sent request id is kept only when it is safe to print in logs. */
export function genRequestId(req: { headers: Record<string, unknown> }): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** The server span of each request in flight, ended when its response is sent. */
const spans = new WeakMap<FastifyRequest, Span>();

/**
 * Request id in the response and in the async context; one access-log line per request. Each
 * request has a span named for its route: the server span itself (a child of the caller's valid
 * `traceparent`, else the root of a new trace) or, when the http instrumentation made the server
 * span, its child; its id travels on in every NATS call and event it causes.
 * Fastify's own errors (bad JSON, body too large) reach Nest's exception filters already.
 */
export function installHooks(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    const route = req.routeOptions?.url ?? 'unmatched';
    const attributes = { 'http.request.method': req.method, 'http.route': route };
    // With the http instrumentation on (spans exported), its server span is current: it learns the
    // route (its name and http.route) and the route span is its child; otherwise the route span is
    // the server span, a child of the caller's traceparent.
    const http = httpServerSpan(req.routeOptions?.url);
    const header = req.headers[TRACEPARENT_HEADER];
    const span = http
      ? startSpan(`${req.method} ${route}`, SpanKind.INTERNAL, { attributes })
      : startSpan(`${req.method} ${route}`, SpanKind.SERVER, {
          parent: parseTraceparent(typeof header === 'string' ? header : undefined) ?? null,
          attributes,
        });
    spans.set(req, span);
    // Reads may be sent to a service again when its replica went away (libs/nats rpc-retry).
    requestContext.run({ requestId: req.id, repeatable: req.method === 'GET' || req.method === 'HEAD' }, () =>
      span.run(done),
    );
  });
  fastify.addHook('onResponse', (req: FastifyRequest, reply, done) => {
    // The path only: query strings and bodies may carry personal data, never logged.
    const route = req.routeOptions?.url;
    const span = spans.get(req);
    logger.log({
      msg: 'request',
      requestId: req.id,
      traceId: span?.context.traceId,
      method: req.method,
      path: route ?? req.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    // The route template, never the raw URL: ids in paths would make a series per request.
    httpRequestDuration.observe(
      { method: req.method, route: route ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode).setAttribute('request.id', req.id);
      if (reply.statusCode >= 500) span.fail(`HTTP ${reply.statusCode}`);
      span.end();
    }
    done();
  });
  // A lone UTF-16 surrogate is not text: validators (e.g. isEmail's encodeURI) throw on it. U+0000 is
  // text PostgreSQL cannot store: it would fail the service's INSERT (a 500) rather than a validator.
  fastify.addHook('preValidation', (req, reply, done) => {
    const flaw = textFlawDeep(req.body) ?? textFlawDeep(req.query);
    if (!flaw) return done();
    const problem = { status: 400, title: 'Bad Request', ...TEXT_FLAW_PROBLEMS[flaw] };
    void reply.status(400).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  });
  fastify.addHook('onSend', (req, reply, payload, done) => {
    setSecurityHeaders(req.url, (name, value) => void reply.header(name, value), reply.statusCode);
    done(null, payload);
  });
}

/**
 * Headers for a JSON API that no browser should frame, sniff or cache. The docs UI needs
 * its own scripts and styles, so it gets a CSP that allows them from this origin only.
 */
export function setSecurityHeaders(url: string, set: (name: string, value: string) => void, status = 200): void {
  set('x-content-type-options', 'nosniff');
  set('x-frame-options', 'DENY');
  set('referrer-policy', 'no-referrer');
  set('cross-origin-opener-policy', 'same-origin');
  set('cross-origin-resource-policy', 'same-origin');
  set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  if (url.startsWith('/api/docs')) {
    set(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    );
  } else if (url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')) {
    set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    set('cache-control', 'no-store');
  } else {
    setConsoleHeaders(url, set, status);
  }
}

/**
 * The console (served at `/`): scripts, styles and API calls from this origin only. Hashed
 * assets never change under their name, so they are cached for a year; index.html is
 * revalidated on every load so a new release is picked up at once.
 */
function setConsoleHeaders(url: string, set: (name: string, value: string) => void, status: number): void {
  set(
    'content-security-policy',
    "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  const hashedAsset = url.startsWith('/assets/') && status === 200;
  set('cache-control', hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
}

type TextFlaw = 'lone-surrogate' | 'nul';

const TEXT_FLAW_PROBLEMS: Record<TextFlaw, { detail: string; code: string }> = {
  'lone-surrogate': { detail: 'The request contains invalid Unicode text.', code: 'invalid-unicode' },
  nul: {
    detail: 'The request contains a NUL character (U+0000), which no field or parameter accepts.',
    code: 'nul-character',
  },
};

function textFlaw(s: string): TextFlaw | null {
  if (!s.isWellFormed()) return 'lone-surrogate';
  return s.includes('\u0000') ? 'nul' : null;
}

/** The first flaw of any string (value or key) in a parsed JSON value; null when every one is storable text. */
export function textFlawDeep(value: unknown, depth = 0): TextFlaw | null {
  if (typeof value === 'string') return textFlaw(value);
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  const children: [string | null, unknown][] = Array.isArray(value)
    ? value.map((v) => [null, v])
    : Object.entries(value as Record<string, unknown>);
  for (const [k, v] of children) {
    const flaw = (k === null ? null : textFlaw(k)) ?? textFlawDeep(v, depth + 1);
    if (flaw) return flaw;
  }
  return null;
}
