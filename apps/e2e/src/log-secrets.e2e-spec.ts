import { eventually, signupBody } from '@sms/testing';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { e2eHttp, e2eState } from './support/e2e-state';

const http = e2eHttp();

/** Waits until an app's log holds a line matching `match` (services write theirs before replying). */
async function logLine(app: string, match: (line: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const file = path.join(e2eState().logDir, `${app}.log`);
  return eventually(`a matching line in ${file}`, () => readFileSync(file, 'utf8').split('\n').find(match), timeoutMs);
}

describe('logs never contain passwords or tokens', () => {
  it('keeps the secrets of a whole session out of every app log', async () => {
    const body = signupBody({ password: 'Very-Distinct-Passphrase-9731' });
    expect((await http.post('/auth/signup', { body })).status).toBe(201);
    const login = await http.post('/auth/login', { body: { email: body.email, password: body.password } });
    const wrong = await http.post('/auth/login', {
      body: { email: body.email, password: 'Wrong-Distinct-Passphrase-4417' },
    });
    expect(wrong.status).toBe(401);
    const refreshed = await http.post('/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    await http.get('/me', { token: refreshed.body.accessToken });
    const lastRequestId = `secrets-${Date.now()}`;
    await http.put('/account/password', {
      token: refreshed.body.accessToken,
      body: { currentPassword: body.password, newPassword: 'Another-Distinct-Passphrase-5521' },
      headers: { 'x-request-id': lastRequestId },
    });
    // The gateway logs a request once answered: its line for the last one means all are written.
    await logLine('gateway', (l) => l.includes(lastRequestId));

    const secrets = [
      body.password,
      'Wrong-Distinct-Passphrase-4417',
      'Another-Distinct-Passphrase-5521',
      login.body.accessToken,
      login.body.refreshToken,
      refreshed.body.accessToken,
      refreshed.body.refreshToken,
    ];
    const { logDir } = e2eState();
    const logs = readdirSync(logDir).map((f) => [f, readFileSync(path.join(logDir, f), 'utf8')] as const);
    expect(logs.length).toBeGreaterThanOrEqual(7);
    // The request did reach the logs (so the scan looks at the right files)...
    expect(logs.some(([, text]) => text.includes('/api/v1/auth/login'))).toBe(true);
    // ...but none of its secrets did, nor any JWT-looking string.
    for (const [file, text] of logs) {
      for (const secret of secrets) expect({ file, leaked: text.includes(secret) }).toEqual({ file, leaked: false });
      expect({ file, jwt: /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/.test(text) }).toEqual({ file, jwt: false });
    }
  });
});

describe('request ids travel from the gateway into the services’ logs', () => {
  it('logs the signup in identity under the request id the client sent', async () => {
    const requestId = `trace-${Date.now()}`;
    const res = await http.post('/auth/signup', { body: signupBody(), headers: { 'x-request-id': requestId } });
    expect(res.status).toBe(201);
    const line = await logLine('identity', (l) => l.includes('"account signed up"') && l.includes(requestId));
    expect(JSON.parse(line)).toMatchObject({ requestId });
  });
});
