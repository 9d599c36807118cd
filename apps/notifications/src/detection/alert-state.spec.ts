import { AlertState, BalanceChange, initialState, isAlertingCrossing } from './alert-state';

const t0 = Date.UTC(2026, 0, 1);
const at = (ms: number) => new Date(t0 + ms);

/** A wallet's chain of transfers from `start` through each balance, stamped 1 ms apart from `from`. */
function chain(start: number, balances: number[], from = 1): BalanceChange[] {
  return balances.map((after, i) => ({ before: i === 0 ? start : balances[i - 1], after, at: at(from + i) }));
}

const alerts = (state: AlertState, changes: BalanceChange[]) =>
  changes.filter((c) => isAlertingCrossing(state, c)).length;

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

describe('isAlertingCrossing', () => {
  const armed = initialState(50, 100, at(0));

  it('alerts when a transfer takes the balance from above the threshold to it or below', () => {
    expect(alerts(armed, chain(100, [50]))).toBe(1);
    expect(alerts(armed, chain(100, [0]))).toBe(1);
  });

  it('does not alert above the threshold, nor again while below', () => {
    expect(alerts(armed, chain(100, [80, 51]))).toBe(0);
    expect(alerts(armed, chain(100, [40, 30, 45, 50, 0]))).toBe(1);
  });

  it('alerts again after the balance went back above the threshold and fell again', () => {
    expect(alerts(armed, chain(100, [40, 500, 10]))).toBe(2);
    expect(alerts(armed, chain(100, [40, 51, 50]))).toBe(2);
  });

  it('stays silent for a threshold saved above the balance until the balance went above it and fell again', () => {
    const under = initialState(50, 30, at(10));
    expect(under.armed).toBe(false);
    expect(alerts(under, chain(30, [20, 0, 50], 11))).toBe(0);
    expect(alerts(under, chain(30, [20, 60, 49], 11))).toBe(1);
    // A debit stamped before the save, still in flight (its effect already in the balance read), is not a crossing.
    expect(alerts(under, [{ before: 100, after: 30, at: at(9) }])).toBe(0);
  });

  it('alerts exactly once for 100 concurrent debits crossing together, in any arrival order', () => {
    const debits = chain(
      1000,
      Array.from({ length: 100 }, (_, i) => 1000 - 10 * (i + 1)),
    );
    for (const seed of [1, 2, 3, 42, 1234])
      expect(alerts(initialState(500, 1000, at(0)), shuffled(debits, seed))).toBe(1);
  });

  it('counts each crossing once whatever the arrival order of debits and top-ups, also after a save under the balance', () => {
    const history = chain(1000, [400, 300, 900, 450, 800, 100, 120]);
    for (const seed of [7, 8, 9, 10]) expect(alerts(initialState(500, 1000, at(0)), shuffled(history, seed))).toBe(3);
    const afterUnder = chain(300, [200, 900, 450, 800, 100]);
    for (const seed of [7, 8, 9, 10]) expect(alerts(initialState(500, 300, at(0)), shuffled(afterUnder, seed))).toBe(2);
  });
});
