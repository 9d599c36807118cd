// Import first in an int-spec: gives the file its own NATS prefix (subjects, stream, durables),
// so fakes it installs never answer another test file's requests in the same run.
import { randomBytes } from 'node:crypto';

const base = (process.env.NATS_PREFIX ?? '').replace(/\.$/, '');
process.env.NATS_PREFIX = `${base}f${randomBytes(3).toString('hex')}.`;
