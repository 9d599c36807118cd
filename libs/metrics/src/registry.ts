import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's metrics registry: one per process, every series labelled with the service that
 * exposes it. Default Node.js metrics (event loop lag, heap, GC, CPU) come with it.
 */
export const metricsRegistry = new Registry();
let initialised = false;

export function initMetrics(service: string): Registry {
  if (!initialised) {
    initialised = true;
    metricsRegistry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: metricsRegistry });
  }
  return metricsRegistry;
}
