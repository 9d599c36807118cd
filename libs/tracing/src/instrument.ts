import type { Instrumentation } from '@opentelemetry/instrumentation';

const registered: Instrumentation[] = [];

/** The instrumentations `instrumentLibraries` enabled (initTracing hands them its provider). */
export function enabledInstrumentations(): readonly Instrumentation[] {
  return registered;
}

/** Prometheus scrapes are not traced: a root trace every 15 s per process says nothing. */
function isScrape(url: string | undefined): boolean {
  return /\/metrics(\?|$)/.test(url ?? '');
}

/**
 * Turns on the OpenTelemetry instrumentation of `http` (a server span per request received, a client
 * span per request sent, `traceparent` on outgoing requests) and of `pg` (a span per query and pool
 * connect, only inside a trace: the relays' and sweepers' polling makes none), when spans are exported
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` set); otherwise nothing is patched and nothing costs.
 *
 * It patches modules as they are loaded, so it must run before anything requires `http` or `pg`:
 * each app's `src/instrument.ts`, the first import of its main.ts. Its spans reach the collector
 * once `initTracing` has made the provider (until then they are not recorded).
 */
export function instrumentLibraries(endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT): boolean {
  if (!endpoint || registered.length > 0) return false;
  // Loaded only when used: ~250 modules a process that exports nothing need not read at start.
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  registered.push(
    new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isScrape(req.url) }),
    // Statement text only: parameter values (phone numbers, texts) never leave the process.
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
  );
  registerInstrumentations({ instrumentations: registered });
  return true;
}
