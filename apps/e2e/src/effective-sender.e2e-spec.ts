import { signUpAndLogIn } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { createSubAccountWithManager } from './support/sub-accounts';

const http = e2eHttp();
/** identity's default SHARED_NUMBER (the e2e stack does not set it). */
const SHARED_NUMBER = '+393400000100';

describe('GET/PUT /account/sender: effectiveSender', () => {
  it('own default, else the parent owner default, else the shared number (the only one replies reach)', async () => {
    const owner = await signUpAndLogIn(http);
    const { managerToken } = await createSubAccountWithManager(owner);

    const platform = await http.get('/account/sender', { token: managerToken });
    expect(platform.status).toBe(200);
    expect(platform.body).toEqual({ defaultSender: null, repliesDisabled: false, effectiveSender: SHARED_NUMBER });

    await http.put('/account/sender', { token: owner.accessToken, body: { defaultSender: 'Rossi Srl' } });
    expect((await http.get('/account/sender', { token: managerToken })).body).toEqual({
      defaultSender: null,
      // The parent's alphanumeric sender cannot be answered either.
      repliesDisabled: true,
      effectiveSender: 'Rossi Srl',
    });

    const own = await http.put('/account/sender', { token: managerToken, body: { defaultSender: 'Milano' } });
    expect(own.body).toEqual({ defaultSender: 'Milano', repliesDisabled: true, effectiveSender: 'Milano' });
    // The owner's view is its own: a sub-account's sender never leaks upwards.
    expect((await http.get('/account/sender', { token: owner.accessToken })).body.effectiveSender).toBe('Rossi Srl');
  });
});
