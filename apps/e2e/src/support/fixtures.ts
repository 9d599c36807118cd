import { buyCredits, HttpClient, signUpAndLogIn, SignedUpUser, uniqueEmail } from '@sms/testing';

export const MANAGER_PASSWORD = 'manager secret 123';

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

export { buyCredits, signUpAndLogIn };
