// Jest setup file of the integration tier (jest.int.config.cjs `setupFiles`): runs in each spec
// file's own sandbox before the file's first import, so every *.int-spec.ts file gets its own NATS
// prefix (subjects, queue groups, stream and durable names), the setting that the services' env
// configs read as NATS_PREFIX and that testNatsPrefix() hands to what a spec builds itself
// (createServiceApp({ natsPrefix }), RpcClient({ prefix }), FakeResponder): nothing reads it at import. Two files that start the same service
// (or a fake of it) then never share a queue group: a request cannot reach another file's instance,
// nor one that is shutting down. Jest gives each file a copy of process.env, so this stays local.
import { randomBytes } from 'node:crypto';
import { filePrefix } from './nats-prefix';

process.env.NATS_PREFIX = filePrefix(process.env.NATS_PREFIX ?? '', randomBytes(3).toString('hex'));
