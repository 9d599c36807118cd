import { connect } from 'nats';
import { streamNameStem } from './nats-prefix';
import { dropTestDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__TEST_INFRA__;
  if (!state) return;
  await deleteRunStreams(state.infra.natsUrl, state.runPrefix);
  await dropTestDatabase(state.infra.adminDatabaseUrl, state.database);
  await state.infra.stop();
}

/** The events streams of the run and of each of its spec files (their own prefixes, see own-nats-prefix.ts). */
async function deleteRunStreams(natsUrl: string, runPrefix: string): Promise<void> {
  const stem = streamNameStem(runPrefix);
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const stream of jsm.streams.names()) {
      if (stream.startsWith(`${stem}-`) || stream.startsWith(`${stem}_`)) await jsm.streams.delete(stream);
    }
  } finally {
    await nc.drain();
  }
}
