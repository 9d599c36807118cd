import { ArgumentsHost } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { isDatabaseUnavailable, RpcProblemFilter } from './rpc-problem.filter';

/** pg's DatabaseError / socket errors carry a `code`; TypeORM's QueryFailedError keeps it in driverError. */
const pgError = (code: string, message = 'db error') => Object.assign(new Error(message), { code });

async function problemFor(exception: unknown) {
  const filter = new RpcProblemFilter();
  return firstValueFrom(filter.catch(exception, {} as ArgumentsHost)).catch((p: unknown) => p);
}

describe('RpcProblemFilter', () => {
  it('answers 503 database-unavailable when PostgreSQL refuses connections (found by the chaos suite)', async () => {
    // "sorry, too many clients already" while the server was full turned into 500s before.
    const problem = await problemFor(pgError('53300', 'sorry, too many clients already'));
    expect(problem).toMatchObject({ status: 503, code: 'database-unavailable' });
  });

  it.each(['08006', '08001', '57P01', '57P03', 'ECONNREFUSED'])('treats %s as unavailable', async (code) => {
    expect(await problemFor(pgError(code))).toMatchObject({ status: 503, code: 'database-unavailable' });
    expect(isDatabaseUnavailable({ driverError: { code } })).toBe(true);
  });

  it('treats a database closed to connections and a connection cut under a query as unavailable (chaos: pg faults)', async () => {
    const closed = pgError('55000', 'database "sms_chaos_test_x" is not currently accepting connections');
    expect(await problemFor(closed)).toMatchObject({ status: 503, code: 'database-unavailable' });
    expect(await problemFor(new Error('Connection terminated unexpectedly'))).toMatchObject({ status: 503 });
    expect(await problemFor(pgError('55000', 'lock not available'))).toMatchObject({ status: 500 });
    // pg_terminate_backend under a transaction: TypeORM then refuses the released query runner.
    const released = Object.assign(new Error('Database connection provided by a query runner was already released'), {
      name: 'QueryRunnerProviderAlreadyReleasedError',
    });
    expect(await problemFor(released)).toMatchObject({ status: 503, code: 'database-unavailable' });
    // …and the COMMIT of such a transaction.
    const commitAfterRelease = Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
      name: 'QueryRunnerAlreadyReleasedError',
    });
    expect(await problemFor(commitAfterRelease)).toMatchObject({ status: 503, code: 'database-unavailable' });
    expect(await problemFor(new Error('terminating connection due to administrator command'))).toMatchObject({
      status: 503,
    });
  });

  it('still answers 500 for other errors, constraint violations included', async () => {
    expect(await problemFor(pgError('23505', 'duplicate key'))).toMatchObject({ status: 500, code: 'internal' });
    expect(await problemFor(new Error('boom'))).toMatchObject({ status: 500, code: 'internal' });
    expect(isDatabaseUnavailable('53300')).toBe(false);
  });
});
