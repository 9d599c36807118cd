import { adminTokenProblem, GatewayEnv } from '../gateway-env';
import { isAdminToken } from './admin-token.guard';

const TOKEN = 'x'.repeat(40);

describe('isAdminToken', () => {
  it('accepts the token only, whatever the length presented', () => {
    expect(isAdminToken(TOKEN, TOKEN)).toBe(true);
    expect(isAdminToken(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(isAdminToken(TOKEN, TOKEN.slice(1))).toBe(false);
    expect(isAdminToken(TOKEN, '')).toBe(false);
  });

  it('accepts nothing when no token is configured', () => {
    expect(isAdminToken('', '')).toBe(false);
  });
});

describe('adminTokenProblem', () => {
  const env = (token: string): GatewayEnv => Object.assign(new GatewayEnv(), { ADMIN_TOKEN: token });

  it('allows none, and a long enough one', () => {
    expect(adminTokenProblem(env(''), { NODE_ENV: 'production' })).toBeNull();
    expect(adminTokenProblem(env(TOKEN), { NODE_ENV: 'production' })).toBeNull();
    expect(adminTokenProblem(env(`dev-${TOKEN}`), {})).toBeNull();
  });

  it('refuses a short one, and a development one in production, naming the variable', () => {
    expect(adminTokenProblem(env('short'), {})).toMatch(/^ADMIN_TOKEN/);
    expect(adminTokenProblem(env(`dev-${TOKEN}`), { NODE_ENV: 'production' })).toMatch(/^ADMIN_TOKEN.*development/);
  });
});
