import { AttributeValue, FinishedSpan } from './span';

/**
 * The OTLP/HTTP JSON encoding of an ExportTraceServiceRequest (opentelemetry-proto
 * `trace/v1`): ids as hex strings, times as decimal strings of nanoseconds, enums as numbers.
 */
export interface OtlpKeyValue {
  key: string;
  value: { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
}

export function otlpAttributes(attrs: Record<string, AttributeValue>): OtlpKeyValue[] {
  return Object.entries(attrs).map(([key, v]) => {
    if (typeof v === 'boolean') return { key, value: { boolValue: v } };
    if (typeof v === 'number')
      return Number.isInteger(v) ? { key, value: { intValue: String(v) } } : { key, value: { doubleValue: v } };
    return { key, value: { stringValue: v } };
  });
}

const STATUS_OK = 1;
const STATUS_ERROR = 2;

export function otlpTraceRequest(resource: Record<string, AttributeValue>, spans: FinishedSpan[]): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: otlpAttributes(resource) },
        scopeSpans: [
          {
            scope: { name: '@sms/tracing' },
            spans: spans.map((s) => ({
              traceId: s.context.traceId,
              spanId: s.context.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: String(s.startNs),
              endTimeUnixNano: String(s.endNs),
              attributes: otlpAttributes(s.attributes),
              links: s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
              status: s.error ? { code: STATUS_ERROR, message: s.error } : { code: STATUS_OK },
            })),
          },
        ],
      },
    ],
  };
}
