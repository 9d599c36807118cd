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
