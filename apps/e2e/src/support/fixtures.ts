import { COMPLETE_BILLING, HttpClient, signUpAndLogIn, SignedUpUser, uniqueEmail } from '@sms/testing';

export const MANAGER_PASSWORD = 'manager secret 123';

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Buys and pays `sms` credits the way a customer does; waits until the wallet shows them. */
export async function buyCredits(http: HttpClient, owner: SignedUpUser, sms: number): Promise<string> {
  const token = owner.accessToken;
  await http.put('/account/billing', { token, body: COMPLETE_BILLING });
  const before = (await http.get('/account/balance', { token })).body.credits as number;
  const invoice = await http.post('/purchases', { token, body: { smsCount: sms } });
  if (invoice.status !== 201) throw new Error(`purchase: ${invoice.status} ${invoice.text}`);
  const paid = await http.post(`/invoices/${invoice.body.id}/pay`, { token });
  if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${paid.text}`);
  await until('credits', async () => (await http.get('/account/balance', { token })).body.credits === before + sms);
  return invoice.body.id as string;
}

export interface SubAccountFixture {
  id: string;
  managerEmail: string;
  managerToken: string;
}

/** Creates a limited sub-account (with `credits` moved from the parent) and logs its manager in. */
export async function createSubAccount(http: HttpClient, owner: SignedUpUser, credits = 0): Promise<SubAccountFixture> {
  const managerEmail = uniqueEmail('manager');
  const body = {
    name: `Branch ${managerEmail.slice(8, 14)}`,
    manager: { firstName: 'Marco', lastName: 'Bianchi', email: managerEmail },
    password: MANAGER_PASSWORD,
    unlimited: false,
    ...(credits > 0 ? { credits } : {}),
  };
  const res = await http.post('/sub-accounts', { token: owner.accessToken, body });
  if (res.status !== 201) throw new Error(`create sub-account: ${res.status} ${res.text}`);
  const login = await http.post('/auth/login', { body: { email: managerEmail, password: MANAGER_PASSWORD } });
  if (login.status !== 200) throw new Error(`manager login: ${login.status} ${login.text}`);
  return { id: res.body.id, managerEmail, managerToken: login.body.accessToken };
}

export { signUpAndLogIn, until };
