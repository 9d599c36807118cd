/** What the detector keeps per account (a row of notifications.balance_alerts). */
export interface AlertState {
  threshold: number;
  /**
   * False only while the balance has stayed at or below a threshold that was saved when
   * the balance was already under it: that is not a crossing, so nothing may go out until
   * the balance has been above the threshold again.
   */
  armed: boolean;
}

/** One balance change reported by the wallet (one wallet, one committed transfer). */
export interface BalanceChange {
  before: number;
  after: number;
}

export interface AlertDecision {
  next: AlertState;
  /** True exactly once per crossing: the caller queues one alert per active channel. */
  fire: boolean;
}

/**
 * A crossing is one transfer that takes the balance from above the threshold to at or
 * below it: `before > threshold >= after`. A wallet's transfers form a chain (each one's
 * `before` is the previous one's `after`), so each fall through the threshold is exactly
 * one event, whatever order the events arrive in — the wallet's events can arrive out of
 * balance order (concurrent transfers, relay batches, redeliveries), and this rule does not
 * care. Re-arming is implicit: a new crossing needs a `before` above the threshold, i.e.
 * the balance went back above it. Repeats of one event are absorbed by the inbox.
 */
export function applyBalanceChange(state: AlertState, change: BalanceChange): AlertDecision {
  const crossing = change.before > state.threshold && change.after <= state.threshold;
  const fire = crossing && state.armed;
  // Any balance seen above the threshold (before or after) proves it went back above.
  const above = change.before > state.threshold || change.after > state.threshold;
  return { next: { threshold: state.threshold, armed: state.armed || above }, fire };
}

/** State for a newly saved threshold: silent if the balance is already at or below it. */
export function initialState(threshold: number, balance: number): AlertState {
  return { threshold, armed: balance > threshold };
}
