import { testNatsPrefix } from '@sms/testing';
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import { IdentityRpc, RemoteProblemError, TokenPair, SignupBody } from '@sms/contracts';
import { createServiceApp, RpcClient } from '@sms/nats';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdentityEnv } from '../identity-env';
import { IdentityModule } from '../identity.module';

describe('refresh-token rotation under concurrency (identity over NATS)', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;
  let ds: DataSource;

  beforeAll(async () => {
    const env = loadEnv(IdentityEnv);
    app = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'identity',
      module: IdentityModule.register(env),
      natsUrl: env.NATS_URL,
      logLevel: 'error',
    });
    await app.listen();
    ds = app.get(DataSource);
    rpc = new RpcClient({
      prefix: testNatsPrefix(),
      natsUrl: env.NATS_URL,
      timeoutMs: 10_000,
      name: 'identity-int-test',
    });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc.close();
    await app.close();
  });

  async function login(): Promise<TokenPair> {
    const email = `race.${randomBytes(4).toString('hex')}@example.com`;
    const password = 'correct horse battery';
    await rpc.send(IdentityRpc.signup, { email, password, firstName: 'R', lastName: 'C' });
    return rpc.send(IdentityRpc.login, { email, password });
  }

  it('lets exactly one of ten concurrent refreshes of one token win', async () => {
    const { refreshToken } = await login();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => rpc.send(IdentityRpc.refresh, { refreshToken })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as RemoteProblemError).problem.status)).toEqual(Array(9).fill(401));
    // The losers were reuses: the whole family, the winner's new token included, is revoked.
    const winner = (won[0] as PromiseFulfilledResult<TokenPair>).value;
    await expect(rpc.send(IdentityRpc.refresh, { refreshToken: winner.refreshToken })).rejects.toMatchObject({
      problem: { status: 401 },
    });
  });

  it('keeps one live token per family however many rotations happen', async () => {
    let { refreshToken } = await login();
    for (let i = 0; i < 5; i++) ({ refreshToken } = await rpc.send(IdentityRpc.refresh, { refreshToken }));
    const rows: { live: number; total: number }[] = await ds.query(
      `SELECT count(*) FILTER (WHERE used_at IS NULL AND revoked_at IS NULL)::int AS live, count(*)::int AS total
       FROM identity.refresh_tokens WHERE family_id = (
         SELECT family_id FROM identity.refresh_tokens ORDER BY created_at DESC LIMIT 1)`,
    );
    expect(rows[0]).toEqual({ live: 1, total: 6 });
  });

  it('rejects an invalid payload with a 400 problem, not a crash', async () => {
    await expect(
      rpc.send(IdentityRpc.signup, { email: 'nope', extra: true } as unknown as SignupBody),
    ).rejects.toMatchObject({
      problem: { status: 400, errors: expect.arrayContaining([expect.objectContaining({ field: 'email' })]) },
    });
  });
});
