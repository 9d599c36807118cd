import { testNatsPrefix } from '@sms/testing';
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import { Actor, IdentityRpc, SignupResult } from '@sms/contracts';
import { createServiceApp, RpcClient } from '@sms/nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdentityEnv } from '../identity-env';
import { IdentityModule } from '../identity.module';

describe('account summary (identity over NATS, for platform messages)', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;

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
    rpc = new RpcClient({
      prefix: testNatsPrefix(),
      natsUrl: env.NATS_URL,
      timeoutMs: 10_000,
      name: 'account-summary-int-test',
    });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc.close();
    await app.close();
  });

  async function signup(company?: string): Promise<SignupResult & { email: string }> {
    const email = `summary.${randomBytes(4).toString('hex')}@example.com`;
    const res = await rpc.send(IdentityRpc.signup, {
      email,
      password: 'correct horse battery',
      firstName: 'Anna',
      lastName: 'Rossi',
      ...(company ? { company } : {}),
    });
    return { ...res, email };
  }

  it('names the account by its company, in Italian by default, then in the language chosen', async () => {
    const owner = await signup('Rossi S.r.l.');
    await expect(rpc.send(IdentityRpc.getAccountSummary, { accountId: owner.accountId })).resolves.toEqual({
      accountId: owner.accountId,
      parentAccountId: null,
      name: 'Rossi S.r.l.',
      parentName: null,
      language: 'it',
      email: owner.email,
    });
    const actor: Actor = { userId: owner.userId, accountId: owner.accountId, role: 'owner' };
    await rpc.send(IdentityRpc.updateContact, {
      actor,
      contact: { firstName: 'Anna', lastName: 'Rossi', email: owner.email, phone: '+393331234567', language: 'en' },
    });
    await expect(rpc.send(IdentityRpc.getAccountSummary, { accountId: owner.accountId })).resolves.toMatchObject({
      language: 'en',
    });
  });

  it('falls back to the owner’s name without a company, and names the parent of a sub-account', async () => {
    const owner = await signup();
    await expect(rpc.send(IdentityRpc.getAccountSummary, { accountId: owner.accountId })).resolves.toMatchObject({
      name: 'Anna Rossi',
    });
    const subId = randomUUID();
    // A sub-account's identity row, as the wallet's manager saga creates it.
    await app
      .get(DataSource)
      .query(`INSERT INTO identity.accounts (id, parent_account_id) VALUES ($1, $2)`, [subId, owner.accountId]);
    await expect(rpc.send(IdentityRpc.getAccountSummary, { accountId: subId })).resolves.toMatchObject({
      parentAccountId: owner.accountId,
      parentName: 'Anna Rossi',
      language: 'it',
    });
  });

  it('answers 404 for an unknown account and 400 for a malformed id', async () => {
    await expect(rpc.send(IdentityRpc.getAccountSummary, { accountId: randomUUID() })).rejects.toMatchObject({
      problem: { status: 404 },
    });
    await expect(rpc.send(IdentityRpc.getAccountSummary, { accountId: 'nope' })).rejects.toMatchObject({
      problem: { status: 400 },
    });
  });
});
