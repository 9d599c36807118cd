import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const installed = new WeakSet<Storage>();

/**
 * Memoizes class-validator's metadata lookup per (class, options). Unpatched, every validation of
 * every object — each RPC payload, each consumed event, each nested object — walks every class
 * that has validation metadata (133 in this workspace) with an `instanceof` per class: 8–11 % of
 * the CPU of the event-consuming services in the benches. Metadata comes from decorators, i.e.
 * when a class is defined; any later registration clears the cache, so answers never differ
 * from the library's own. Idempotent.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  if (installed.has(storage)) return;
  installed.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const cache = new Map<unknown, Map<string, ReturnType<Lookup>>>();
  for (const name of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const original = storage[name].bind(storage) as (arg: never) => void;
    (storage as unknown as Record<string, (arg: never) => void>)[name] = (arg: never) => {
      cache.clear();
      original(arg);
    };
  }
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups ? groups.join('\u0001') : '-'}`;
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
}
