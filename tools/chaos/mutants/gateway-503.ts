// Mutant `gateway-503` (preloaded into the gateway by `--mutant gateway-503`): the gateway answers
// 503 problem+json to every request except its health probes, which still say ready (a gateway
// that fails those too never gets traffic: the run would stop at start-up instead of reaching the
// checks). It wraps the compiled installHooks() so that its own hook runs first.
import * as path from 'node:path';
import { DIST } from '../../runtime/paths';

/** The parts of the compiled gateway's fastify hooks and of Fastify this mutant touches. */
interface Reply {
  status(code: number): Reply;
  header(name: string, value: string): Reply;
  send(body: object): Promise<unknown>;
}
interface FastifyLike {
  addHook(name: 'onRequest', hook: (req: { url: string }, reply: Reply, done: () => void) => void): void;
}
interface HooksModule {
  installHooks: (this: unknown, fastify: FastifyLike, logger: unknown) => unknown;
}

const hooks = require(path.join(DIST, 'apps', 'gateway', 'src/http/fastify-hooks.js')) as HooksModule;
const installHooks = hooks.installHooks;

hooks.installHooks = function mutantInstallHooks(this: unknown, fastify: FastifyLike, logger: unknown): unknown {
  fastify.addHook('onRequest', (req, reply, done) => {
    if (req.url.split('?')[0].includes('/health/')) return done();
    void reply
      .status(503)
      .header('content-type', 'application/problem+json')
      .send({ status: 503, title: 'Service Unavailable', code: 'upstream-unavailable', detail: 'mutant gateway-503' });
  });
  return installHooks.call(this, fastify, logger);
};
process.stdout.write(`${JSON.stringify({ level: 'warn', msg: 'MUTANT gateway-503 loaded' })}\n`);
