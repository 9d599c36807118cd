import { SignedUpUser, uniqueEmail } from '@sms/testing';
import { e2eHttp } from './e2e-state';

const http = e2eHttp();
export const MANAGER_PASSWORD = 'manager secret 123';

/** Creates a sub-account through the API and logs its manager in. */
export async function createSubAccountWithManager(
  owner: SignedUpUser,
  overrides: Record<string, unknown> = {},
): Promise<{ sub: { id: string; name: string }; managerEmail: string; managerToken: string }> {
  const managerEmail = uniqueEmail('manager');
  const body = {
    name: 'Milan office',
    manager: { firstName: 'Marco', lastName: 'Bianchi', email: managerEmail },
    password: MANAGER_PASSWORD,
    unlimited: true,
    ...overrides,
  };
  const res = await http.post('/sub-accounts', { token: owner.accessToken, body });
  if (res.status !== 201) throw new Error(`create sub-account: ${res.status} ${res.text}`);
  const login = await http.post('/auth/login', { body: { email: managerEmail, password: MANAGER_PASSWORD } });
  if (login.status !== 200) throw new Error(`manager login: ${login.status} ${login.text}`);
  return { sub: res.body, managerEmail, managerToken: login.body.accessToken as string };
}
