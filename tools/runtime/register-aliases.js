// Maps the workspace aliases (`@sms/<lib>`) to the compiled libs under dist/ so that
// `node -r ./tools/runtime/register-aliases.js dist/apps/<app>/src/main.js` runs an app
// straight from `tsc` output, without a bundler.
const Module = require('module');
const path = require('path');

const distRoot = path.resolve(__dirname, '../../dist/libs');
const originalResolve = Module._resolveFilename;

Module._resolveFilename = function resolveAlias(request, ...rest) {
  if (request.startsWith('@sms/')) {
    const [lib, ...sub] = request.slice('@sms/'.length).split('/');
    const target = sub.length ? path.join(distRoot, lib, 'src', ...sub) : path.join(distRoot, lib, 'src', 'index.js');
    return originalResolve.call(this, target, ...rest);
  }
  return originalResolve.call(this, request, ...rest);
};
