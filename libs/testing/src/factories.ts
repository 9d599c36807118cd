import { randomBytes } from 'node:crypto';
import { HttpClient } from './http-client';

export interface SignedUpUser {
  email: string;
  password: string;
  accountId: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@example.com`;
}

export function signupBody(
  overrides: Partial<Record<'email' | 'password' | 'firstName' | 'lastName' | 'company', string>> = {},
) {
  return {
    email: uniqueEmail(),
    password: 'correct horse battery',
    firstName: 'Anna',
    lastName: 'Rossi',
    company: 'Rossi S.r.l.',
    ...overrides,
  };
}

/** Signs up a new owner through the public API and logs in. */
export async function signUpAndLogIn(
  http: HttpClient,
  overrides: Parameters<typeof signupBody>[0] = {},
): Promise<SignedUpUser> {
  const body = signupBody(overrides);
  const signup = await http.post('/auth/signup', { body });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${signup.text}`);
  const login = await http.post('/auth/login', { body: { email: body.email, password: body.password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  return { email: body.email, password: body.password, ...signup.body, ...login.body };
}

export const COMPLETE_BILLING = {
  company: 'Rossi S.r.l.',
  firstName: 'Anna',
  lastName: 'Rossi',
  address: 'Via Roma 1',
  postalCode: '00184',
  city: 'Roma',
  country: 'IT',
  vatNumber: 'IT01234567890',
};

/**
 * Gives an account credits the way a customer gets them: complete billing details, buy a
 * pack, pay the invoice; waits until the wallet credited it (the payment travels as an event).
 * Resolves the paid invoice's id.
 */
export async function buyCredits(http: HttpClient, user: { accessToken: string }, smsCount: number): Promise<string> {
  const token = user.accessToken;
  const before = (await http.get('/account/balance', { token })).body?.credits ?? 0;
  const billing = await http.put('/account/billing', { token, body: COMPLETE_BILLING });
  if (billing.status !== 200) throw new Error(`billing details refused: ${billing.status} ${billing.text}`);
  const invoice = await http.post('/purchases', { token, body: { smsCount } });
  if (invoice.status !== 201) throw new Error(`purchase failed: ${invoice.status} ${invoice.text}`);
  const paid = await http.post(`/invoices/${invoice.body.id}/pay`, { token });
  if (paid.status !== 200) throw new Error(`payment failed: ${paid.status} ${paid.text}`);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await http.get('/account/balance', { token })).body?.credits === before + smsCount)
      return invoice.body.id as string;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the wallet never credited the ${smsCount} credits bought`);
}
