// Shared set-up of the reproductions: the chaos stack (own database, nats-server, apps), a funded
// owner, and helpers to read the messaging and wallet tables. Everything is stopped and dropped
// at the end, also on failure.
import * as crypto from 'node:crypto';
import { Db } from '../db';
import { request } from '../http';
import { ChaosStack, chaosAppEnv } from '../stack';
import type { ReqBody, RequestResult } from '../types';

export const log = (msg: string): void => {
  process.stdout.write(`repro | ${msg}\n`);
};
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const rng = Math.random;

export type Api = (
  method: string,
  path: string,
  token: string | null,
  body?: ReqBody,
  key?: string,
) => Promise<RequestResult>;

export interface ReproWorld {
  stack: ChaosStack;
  db: Db;
  api: Api;
  owner: { token: string | null };
}

/** Runs `scenario({ stack, db, api, owner })` on a fresh stack with `env` on top of the chaos env. */
export async function withReproStack<T>(
  env: Record<string, string>,
  scenario: (w: ReproWorld) => Promise<T>,
): Promise<T> {
  const runId = `repro_${crypto.randomBytes(3).toString('hex')}`;
  const stack = new ChaosStack({
    runId,
    adminUrl: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    log,
    appEnv: {
      ...chaosAppEnv({ natsPrefix: `r${crypto.randomBytes(4).toString('hex')}.`, smtpUrl: 'smtp://127.0.0.1:1' }),
      ...env,
    },
    onCrash: (name) => log(`${name} exited on its own`),
  });
  const db = new Db(stack.databaseUrl);
  try {
    await stack.start(ChaosStack.builtApps());
    await db.connect();
    // Without a key a POST is retried only when it surely was not processed (see http.ts).
    const api: Api = (method, path, token, body, key) =>
      request(stack.apiUrl, { method, path, token, body, key }, { rng, unkeyed: !key, giveUpMs: 20000 });
    const owner = await fundedOwner(api, 100);
    return await scenario({ stack, db, api, owner });
  } finally {
    await db.close();
    await stack.stop();
  }
}

async function fundedOwner(api: Api, credits: number): Promise<{ token: string | null }> {
  const email = `repro-${crypto.randomBytes(4).toString('hex')}@chaos.example`;
  const password = 'repro-password-123';
  await api('POST', '/auth/signup', null, { email, password, firstName: 'Re', lastName: 'Pro', company: 'Repro' });
  const token = (await api('POST', '/auth/login', null, { email, password })).body?.accessToken ?? null;
  const billing = {
    company: 'R',
    firstName: 'R',
    lastName: 'P',
    address: 'Via 1',
    postalCode: '00100',
    city: 'Roma',
    country: 'IT',
  };
  await api('PUT', '/account/billing', token, billing);
  const invoice = (await api('POST', '/purchases', token, { smsCount: credits })).body;
  await api('POST', `/invoices/${invoice?.id}/pay`, token);
  for (let i = 0; i < 50 && (await api('GET', '/account/balance', token)).body?.credits !== credits; i++)
    await sleep(200);
  return { token };
}
