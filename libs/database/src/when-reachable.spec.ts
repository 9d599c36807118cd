import { isDatabaseUnreachable, whenDatabaseReachable } from './service-data-source';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const notAccepting = () =>
  Object.assign(new Error('database "x" is not currently accepting connections'), { code: '57P03' });

describe('whenDatabaseReachable', () => {
  it('tries again while PostgreSQL is unreachable, then gives the work’s result', async () => {
    const failures = [refused(), notAccepting()];
    let calls = 0;
    const result = await whenDatabaseReachable(async () => {
      calls++;
      const err = failures.shift();
      if (err) throw err;
      return 42;
    }, 'spec');
    expect(result).toBe(42);
    expect(calls).toBe(3);
  });

  it('takes a query on a connection terminated meanwhile for an outage (TypeORM, during initialize)', () => {
    const released = Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
      name: 'QueryRunnerAlreadyReleasedError',
    });
    expect(isDatabaseUnreachable(released)).toBe(true);
  });

  it('throws any other error at once, without trying again', async () => {
    let calls = 0;
    const bug = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
    await expect(
      whenDatabaseReachable(async () => {
        calls++;
        throw bug;
      }, 'spec'),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
    expect(isDatabaseUnreachable(bug)).toBe(false);
  });
});
