// Maps the workspace aliases (`@sms/<lib>`) to the compiled libs under dist/ so that
// `node -r ./dist/tools/runtime/register-aliases.js dist/apps/<app>/src/main.js` runs an app
// straight from `tsc` output, without a bundler. Tools import it first for the same reason.
import Module = require('node:module');
import * as path from 'node:path';

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolve };

// Always runs compiled, from dist/tools/runtime: the libs are at dist/libs (in the image too, which
// has no sources and no nx.json to find the workspace by).
const distLibs = path.resolve(__dirname, '../../libs');
const originalResolve = moduleInternals._resolveFilename;

moduleInternals._resolveFilename = function resolveAlias(this: unknown, request: string, ...rest: unknown[]): string {
  if (request.startsWith('@sms/')) {
    const [lib, ...sub] = request.slice('@sms/'.length).split('/');
    const target = sub.length ? path.join(distLibs, lib, 'src', ...sub) : path.join(distLibs, lib, 'src', 'index.js');
    return originalResolve.call(this, target, ...rest);
  }
  return originalResolve.call(this, request, ...rest);
};
