// main.ts's first import: the http and pg instrumentation patches those modules as they load, so it
// must run before anything requires them (a no-op unless OTEL_EXPORTER_OTLP_ENDPOINT is set).
import { instrumentLibraries } from '@sms/tracing';

instrumentLibraries();
