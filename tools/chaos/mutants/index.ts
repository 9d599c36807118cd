// Deliberately broken builds for `--mutant <name>`: each is a preload (`node -r <file>`) for one
// app's process that monkey-patches a class or function of the compiled app (dist/) after requiring
// it. Production code has no switch for them; the chaos suite must fail on each (README).
import * as path from 'node:path';

export const MUTANTS: Record<string, string> = {
  // Every tenth distinct refund answered as done but never applied to the ledger.
  'wallet-drop-refund': 'wallet',
  // The gateway answers 503 to every request but its health probes.
  'gateway-503': 'gateway',
};

export interface Mutant {
  name: string;
  /** The app whose process preloads it. */
  app: string;
  /** The compiled preload (dist/tools/chaos/mutants/<name>.js). */
  file: string;
}

/** { name, app, file } of a mutant, or an error naming the known ones. */
export function mutant(name: string): Mutant {
  const app = MUTANTS[name];
  if (!app) throw new Error(`unknown mutant ${name} (known: ${Object.keys(MUTANTS).join(', ')})`);
  return { name, app, file: path.join(__dirname, `${name}.js`) };
}
