// How a built app (or any compiled entry point) runs: `node [flags] -r <register-aliases> <main.js>`,
// the preload mapping `@sms/<lib>` to dist/libs, exactly as the image runs it.
import * as path from 'node:path';

/** dist/apps/<app>/src/main.js under `repoRoot`. */
export function appMain(app: string, repoRoot: string): string {
  return path.join(repoRoot, 'dist', 'apps', app, 'src', 'main.js');
}

/** The aliases preload of a build under `repoRoot`. */
export function aliasesPreload(repoRoot: string): string {
  return path.join(repoRoot, 'dist', 'tools', 'runtime', 'register-aliases.js');
}

export interface NodeCommand {
  command: string;
  args: string[];
}

/**
 * The command that runs the compiled app `app` of `repoRoot` (cwd: repoRoot, the main path is given
 * relative to it, as `ps` shows it): this node binary, `nodeArgs` (e.g. `--cpu-prof`), the preload.
 */
export function nodeAppCommand(app: string, repoRoot: string, nodeArgs: readonly string[] = []): NodeCommand {
  return {
    command: process.execPath,
    args: [...nodeArgs, '-r', aliasesPreload(repoRoot), path.relative(repoRoot, appMain(app, repoRoot))],
  };
}
