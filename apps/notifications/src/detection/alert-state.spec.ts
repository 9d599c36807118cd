import { AlertState, applyBalanceChange, BalanceChange, initialState } from './alert-state';

/** A wallet's chain of transfers from `start` through each balance in `balances`. */
function chain(start: number, ...balances: number[]): BalanceChange[] {
  return balances.map((after, i) => ({ before: i === 0 ? start : balances[i - 1], after }));
}

function fired(state: AlertState, changes: BalanceChange[]): number {
  let n = 0;
  for (const c of changes) {
    const d = applyBalanceChange(state, c);
    if (d.fire) n++;
    state = d.next;
  }
  return n;
}

/** Deterministic shuffle (the events' arrival order is not the balance order). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('applyBalanceChange', () => {
  const armed = initialState(50, 100);

  it('fires once when a transfer takes the balance from above the threshold to it or below', () => {
    expect(fired(armed, chain(100, 50))).toBe(1);
    expect(fired(armed, chain(100, 0))).toBe(1);
  });

  it('does not fire above the threshold, nor again while below', () => {
    expect(fired(armed, chain(100, 80, 51))).toBe(0);
    expect(fired(armed, chain(100, 40, 30, 45, 50, 0))).toBe(1);
  });

  it('fires again after the balance went back above the threshold and fell again', () => {
    expect(fired(armed, chain(100, 40, 500, 10))).toBe(2);
    expect(fired(armed, chain(100, 40, 51, 50))).toBe(2);
  });

  it('stays silent for a threshold saved above the balance until the balance went above it and fell again', () => {
    const under = initialState(50, 30);
    expect(under.armed).toBe(false);
    expect(fired(under, chain(30, 20, 0, 50))).toBe(0);
    expect(fired(under, chain(30, 20, 60, 49))).toBe(1);
    // A debit committed before the threshold was saved (its effect already in the balance read) is not a crossing.
    expect(fired(under, [{ before: 100, after: 30 }])).toBe(0);
  });

  it('fires exactly once for 100 concurrent debits crossing together, in any arrival order', () => {
    const debits = chain(1000, ...Array.from({ length: 100 }, (_, i) => 1000 - 10 * (i + 1)));
    for (const seed of [1, 2, 3, 42, 1234]) expect(fired(initialState(500, 1000), shuffled(debits, seed))).toBe(1);
  });

  it('counts each crossing once whatever the arrival order of debits and top-ups', () => {
    const history = chain(1000, 400, 300, 900, 450, 800, 100, 120);
    for (const seed of [7, 8, 9, 10]) expect(fired(initialState(500, 1000), shuffled(history, seed))).toBe(3);
  });
});
