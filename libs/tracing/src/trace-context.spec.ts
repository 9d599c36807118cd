import { createTraceState, TraceFlags } from '@opentelemetry/api';
import {
  extractTraceContext,
  formatTraceparent,
  HeaderReader,
  HeaderWriter,
  injectTraceContext,
  parseTraceparent,
} from './trace-context';

/** NATS MsgHdrs answer '' for a header that is absent. */
class Headers implements HeaderReader, HeaderWriter {
  readonly values = new Map<string, string>();
  get(name: string): string {
    return this.values.get(name) ?? '';
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
}

describe('traceparent', () => {
  const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('reads a valid header and writes it back unchanged', () => {
    const ctx = parseTraceparent(valid);
    expect(ctx).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    expect(formatTraceparent(ctx!)).toBe(valid);
  });

  it('keeps the unsampled flag', () => {
    const ctx = parseTraceparent(valid.replace(/01$/, '00'));
    expect(ctx?.traceFlags).toBe(TraceFlags.NONE);
    expect(formatTraceparent(ctx!)).toBe(valid.replace(/01$/, '00'));
  });

  it.each([
    ['absent', undefined],
    ['garbage', 'hello'],
    ['upper-case hex', valid.toUpperCase()],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', valid.replace(/^00/, 'ff')],
    ['version 00 with extra fields', `${valid}-extra`],
    ['short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
  ])('refuses %s (a new trace starts instead)', (_what, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('reads a future version by its first four fields', () => {
    expect(parseTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more`)?.spanId).toBe(
      '00f067aa0ba902b7',
    );
  });
});

describe('trace context in message headers', () => {
  it('travels as traceparent and tracestate and is read back', () => {
    const sent = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')!;
    const withState = { ...sent, traceState: createTraceState('vendor=x') };
    const h = new Headers();
    injectTraceContext(withState, h);
    expect(h.values.get('traceparent')).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(h.values.get('tracestate')).toBe('vendor=x');
    const received = extractTraceContext(h);
    expect(received).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });
    expect(received?.traceState?.serialize()).toBe('vendor=x');
  });

  it('is absent from a message without headers, or with an invalid traceparent', () => {
    expect(extractTraceContext(undefined)).toBeUndefined();
    expect(extractTraceContext(new Headers())).toBeUndefined();
    const h = new Headers();
    h.set('traceparent', 'hello');
    expect(extractTraceContext(h)).toBeUndefined();
  });
});
