import { AlertState, applyBalanceChange, initialState } from './alert-state';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

/** Applies observations in the given order and returns how many fired. */
function run(start: AlertState, changes: [after: number, second: number][]): { fired: number; state: AlertState } {
  let state = start;
  let fired = 0;
  for (const [after, second] of changes) {
    const d = applyBalanceChange(state, { after, at: t(second) });
    if (d.fire) fired++;
    state = d.next;
  }
  return { fired, state };
}

describe('applyBalanceChange', () => {
  const armedAt100 = initialState(50, 100, t(0));

  it('fires once when the balance falls from above the threshold to it', () => {
    expect(run(armedAt100, [[50, 1]]).fired).toBe(1);
    expect(run(armedAt100, [[20, 1]]).fired).toBe(1);
  });

  it('does not fire above the threshold, nor again while below', () => {
    expect(run(armedAt100, [[80, 1], [51, 2]]).fired).toBe(0);
    expect(run(armedAt100, [[40, 1], [30, 2], [45, 3], [0, 4]]).fired).toBe(1);
  });

  it('re-arms when the balance goes back above, and fires at the next crossing', () => {
    const r = run(armedAt100, [[40, 1], [500, 2], [10, 3]]);
    expect(r.fired).toBe(2);
    expect(r.state.armed).toBe(false);
  });

  it('a rise that stays at or below the threshold does not re-arm', () => {
    expect(run(armedAt100, [[40, 1], [50, 2], [30, 3]]).fired).toBe(1);
  });

  it('a threshold set above the balance stays silent until the balance goes above and falls again', () => {
    const under = initialState(50, 30, t(0));
    expect(under.armed).toBe(false);
    expect(run(under, [[20, 1], [0, 2]]).fired).toBe(0);
    expect(run(under, [[20, 1], [60, 2], [49, 3]]).fired).toBe(1);
  });

  it('ignores an observation older than the newest one (redelivery out of order)', () => {
    // The crossing (100→40 at t1) arrives after the top-up (→500 at t2): the balance is fine now.
    const late = run(armedAt100, [[500, 2], [40, 1]]);
    expect(late.fired).toBe(0);
    expect(late.state).toMatchObject({ armed: true, balance: 500 });
    // The crossing arrives after a further debit: the further debit fires, once.
    expect(run(armedAt100, [[30, 2], [40, 1]]).fired).toBe(1);
    // Events from before the threshold was set do not count.
    expect(run(initialState(50, 40, t(5)), [[100, 4], [40, 5]]).fired).toBe(0);
  });

  it('fires exactly once for a burst of debits crossing together', () => {
    const debits = Array.from({ length: 100 }, (_, i): [number, number] => [1000 - 10 * (i + 1), i + 1]);
    expect(run(initialState(500, 1000, t(0)), debits).fired).toBe(1);
  });
});
