// Imported FIRST by the notifications int spec, before anything reads the prefix: its fakes answer
// wallet, identity and messaging subjects, which must not collide with the real services that other
// *.int-spec.ts files start in the same run (same NATS server, same run prefix).
import { randomBytes } from 'node:crypto';

export const RUN_NATS_PREFIX = process.env.NATS_PREFIX ?? '';
// One lowercase token ending with a dot, as NATS_PREFIX must be, whatever the run's prefix looks like.
process.env.NATS_PREFIX = `${RUN_NATS_PREFIX.toLowerCase().replace(/[^a-z0-9_-]/g, '') || 't'}ntf${randomBytes(3).toString('hex')}.`;
