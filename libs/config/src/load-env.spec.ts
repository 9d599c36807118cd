import { InvalidEnvironmentError, loadEnv } from './load-env';
import { ServiceEnv } from './service-env';

describe('loadEnv', () => {
  it('uses the defaults for unset variables and converts numbers', () => {
    const env = loadEnv(ServiceEnv, { NATS_REQUEST_TIMEOUT_MS: '2500' });
    expect(env.NATS_REQUEST_TIMEOUT_MS).toBe(2500);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/sms_account');
  });

  it('names every bad variable', () => {
    const attempt = () => loadEnv(ServiceEnv, { DATABASE_URL: 'mysql://x', NATS_REQUEST_TIMEOUT_MS: 'soon' });
    expect(attempt).toThrow(InvalidEnvironmentError);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(attempt).toThrow(/NATS_REQUEST_TIMEOUT_MS/);
  });
});
