import { signUpAndLogIn } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { createSubAccountWithManager } from './support/sub-accounts';

const http = e2eHttp();

describe('GET/PUT /account/sender: effectiveSender', () => {
  it('own default, else the parent owner default, else the platform default', async () => {
    const owner = await signUpAndLogIn(http);
    const { managerToken } = await createSubAccountWithManager(owner);

    const platform = await http.get('/account/sender', { token: managerToken });
    expect(platform.status).toBe(200);
    expect(platform.body).toEqual({ defaultSender: null, repliesDisabled: false, effectiveSender: 'SMSINFO' });

    await http.put('/account/sender', { token: owner.accessToken, body: { defaultSender: 'Rossi Srl' } });
    expect((await http.get('/account/sender', { token: managerToken })).body).toEqual({
      defaultSender: null,
      repliesDisabled: false,
      effectiveSender: 'Rossi Srl',
    });

    const own = await http.put('/account/sender', { token: managerToken, body: { defaultSender: 'Milano' } });
    expect(own.body).toEqual({ defaultSender: 'Milano', repliesDisabled: true, effectiveSender: 'Milano' });
    // The owner's view is its own: a sub-account's sender never leaks upwards.
    expect((await http.get('/account/sender', { token: owner.accessToken })).body.effectiveSender).toBe('Rossi Srl');
  });
});
