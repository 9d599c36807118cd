// Invoice numbers have no gap and no duplicate: per year, the sequence numbers are exactly
// 1..n, each number is unique and spelled `<year>-<seq, 6 digits>`, and the year's counter stands
// at n (a rolled-back purchase gave its number back).
import type { Check } from './context';

const NAME = 'invoices';

interface YearRow {
  year: number;
  n: number;
  seqs: number;
  numbers: number;
  first: number;
  last: number;
  misspelt: number;
  counter: number | null;
}

export const invoicesCheck: Check = {
  name: NAME,
  enabled: (f) => f.billing,
  async run(ctx) {
    const years = await ctx.db.rows<YearRow>(`
      SELECT i.year, count(*)::int AS n, count(DISTINCT i.seq)::int AS seqs, count(DISTINCT i.number)::int AS numbers,
             min(i.seq) AS first, max(i.seq) AS last,
             count(*) FILTER (WHERE i.number <> i.year || '-' || lpad(i.seq::text, 6, '0'))::int AS misspelt,
             (SELECT c.last FROM billing.invoice_counters c WHERE c.year = i.year) AS counter
        FROM billing.invoices i GROUP BY i.year ORDER BY i.year`);
    let total = 0;
    for (const y of years) {
      total += y.n;
      const why: string[] = [];
      if (y.first !== 1 || y.last !== y.n || y.seqs !== y.n)
        why.push(`${y.n} invoices numbered ${y.first}..${y.last} (${y.seqs} distinct)`);
      if (y.numbers !== y.n) why.push(`${y.n - y.numbers} duplicate number(s)`);
      if (y.misspelt) why.push(`${y.misspelt} number(s) not <year>-<seq>`);
      if (y.counter !== y.last) why.push(`counter at ${y.counter}, last invoice ${y.last}`);
      if (why.length) ctx.violation(NAME, `year ${y.year}: ${why.join('; ')}`);
    }
    ctx.note(NAME, `${total} invoices in ${years.length} year(s)`);
  },
};
