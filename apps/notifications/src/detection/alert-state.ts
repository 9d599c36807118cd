/** The saved setting as the detector sees it (a row of notifications.balance_alerts). */
export interface AlertState {
  threshold: number;
  /** The balance the wallet reported when the threshold was saved was above it. */
  armed: boolean;
  /** When the threshold was saved (taken just before asking the wallet for the balance). */
  savedAt: Date;
}

/** One balance change reported by the wallet (one wallet, one committed transfer). */
export interface BalanceChange {
  before: number;
  after: number;
  /** The event's occurredAt (stamped by the wallet before the transfer took its lock). */
  at: Date;
}

/**
 * A crossing is one transfer that takes the balance from above the threshold to at or
 * below it: `before > threshold >= after`. A wallet's transfers form a chain (each one's
 * `before` is the previous one's `after`), so every fall through the threshold is exactly
 * one event, and re-arming is implicit (a new crossing needs a `before` above the
 * threshold, i.e. the balance went back above it). The decision depends on the event and
 * the setting only — never on other events — so it holds whatever order the wallet's
 * events arrive in (concurrent transfers, relay batches, redeliveries, parallel pullers).
 *
 * The one exception is a threshold saved when the balance was already at or below it:
 * a crossing that happened before the save (still in flight) must not alert, so crossings
 * stamped before the save are ignored until the balance had been above the threshold.
 */
export function isAlertingCrossing(state: AlertState, change: BalanceChange): boolean {
  const crossing = change.before > state.threshold && change.after <= state.threshold;
  if (!crossing) return false;
  return state.armed || change.at.getTime() >= state.savedAt.getTime();
}

/** State for a newly saved threshold: silent if the balance is already at or below it. */
export function initialState(threshold: number, balance: number, savedAt: Date): AlertState {
  return { threshold, armed: balance > threshold, savedAt };
}
