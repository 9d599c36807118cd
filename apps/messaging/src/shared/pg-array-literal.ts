/** Characters a PostgreSQL array element may hold unquoted (uuids, E.164 numbers, integers). */
const BARE = /^[A-Za-z0-9+\-.:_]+$/;

/**
 * A PostgreSQL array literal (`{a,b,"c d"}`) of text values, for one `$n::uuid[]` / `$n::text[]` /
 * `$n::int[]` parameter. node-postgres serialises a JS array element by element (two regex
 * replaces and a concatenation each); for the 10,000 ids and recipients of a campaign that was
 * ~20 % of messaging's CPU while storing it. Values that need no quoting (ids, E.164 numbers,
 * integers: checked, not assumed) are joined as they are; any other is quoted and escaped as
 * PostgreSQL's array input expects. No NULLs.
 */
export function pgArrayLiteral(values: readonly (string | number)[]): string {
  let bare = true;
  for (const v of values) {
    if (typeof v !== 'number' && (!BARE.test(v) || v.toUpperCase() === 'NULL')) {
      bare = false;
      break;
    }
  }
  if (bare) return `{${values.join(',')}}`;
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : quote(v))).join(',')}}`;
}

function quote(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
