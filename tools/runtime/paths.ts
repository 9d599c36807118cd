import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The workspace root: the nearest directory above `from` holding nx.json. Valid both from the
 * sources (tools/<dir>) and from their compiled copies (dist/tools/<dir>), which is why tools never
 * build paths from `__dirname` with a fixed number of `..`.
 */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no nx.json above ${from}: not inside the workspace`);
  }
}

export const REPO_ROOT = findRepoRoot();

/** Compiled output of `npm run build` (tsconfig.build.json): apps, libs and tools. */
export const DIST = path.join(REPO_ROOT, 'dist');

/** The preload that maps `@sms/<lib>` to dist/libs: `node -r <ALIASES_PRELOAD> dist/apps/<app>/src/main.js`. */
export const ALIASES_PRELOAD = path.join(DIST, 'tools/runtime/register-aliases.js');

/** Entry point of a built app. */
export function appMainPath(app: string): string {
  return path.join(DIST, 'apps', app, 'src/main.js');
}
