import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as lib from './service-roles';

// The Node runner of service-role.sql (tools/db/service-roles.ts): the psql subset it interprets.

// pg's own quoting, as the runner gets it from its client.
const client = {
  escapeLiteral: (s: string) => `'${s.replace(/'/g, "''")}'`,
  escapeIdentifier: (s: string) => `"${s.replace(/"/g, '""')}"`,
};

describe('service-role.sql run from Node', () => {
  it('substitutes variables as literals outside strings, and splits at ; and \\gexec', () => {
    const sql = [
      "-- a comment: with :colons and a quote's",
      '\\set role :prefix :service',
      "SELECT format('x %I', :'role'), 1::int, ':''kept''' \\gexec",
      'REVOKE ALL ON SCHEMA public FROM PUBLIC;',
    ].join('\n');
    const out = lib.psqlStatements(sql, { prefix: 'p_', service: 'wallet', password: "it's" }, client);
    expect(out).toEqual([
      { sql: "SELECT format('x %I', 'p_wallet'), 1::int, ':''kept'''", gexec: true },
      { sql: 'REVOKE ALL ON SCHEMA public FROM PUBLIC;', gexec: false },
    ]);
  });

  it('quotes a password that tries to break out of its literal', () => {
    const [first] = lib.psqlStatements(
      "SELECT :'password' \\gexec",
      { password: "x'; DROP ROLE postgres; --" },
      client,
    );
    expect(first.sql).toBe("SELECT 'x''; DROP ROLE postgres; --'");
  });

  it('refuses psql commands it does not interpret, and unset variables', () => {
    expect(() => lib.psqlStatements('\\connect other', {}, client)).toThrow(/unsupported psql command/);
    expect(() => lib.psqlStatements("SELECT :'nope';", {}, client)).toThrow(/nope is not set/);
  });

  it('reads the real file: every statement ends, the role is the prefixed service', () => {
    const sql = readFileSync(lib.SERVICE_ROLE_SQL, 'utf8');
    const out = lib.psqlStatements(sql, { service: 'wallet', password: 'pw', prefix: 'sms_x_test_1_' }, client);
    expect(out.length).toBeGreaterThan(5);
    expect(out[0].sql).toContain("'sms_x_test_1_wallet'");
    expect(out.map((s) => s.sql).join('\n')).not.toMatch(/:'|\\/);
    expect(path.basename(lib.SERVICE_ROLE_SQL)).toBe('service-role.sql');
  });

  it('names roles after their database, within PostgreSQL limits', () => {
    expect(lib.rolePrefixFor('sms_account')).toBe('sms_account_');
    expect(lib.rolePrefixFor('My-DB')).toBe('my_db_');
    expect(() => lib.rolePrefixFor('x'.repeat(60))).toThrow(/too long/);
  });
});
