/** What the detector remembers per account (a row of notifications.balance_alerts). */
export interface AlertState {
  threshold: number;
  /** True when the balance was last seen above the threshold: the next fall to it alerts. */
  armed: boolean;
  /** Newest balance known, and when the wallet had it. */
  balance: number;
  balanceAt: Date;
}

/** One balance change reported by the wallet: the balance after it and when it happened. */
export interface BalanceObservation {
  after: number;
  at: Date;
}

export interface AlertDecision {
  next: AlertState;
  /** True exactly once per crossing: the caller queues one alert per active channel. */
  fire: boolean;
  /** False when the observation was older than what is known and changed nothing. */
  changed: boolean;
}

/**
 * Edge detection with hysteresis on the newest known balance. In order, this is exactly
 * "before > threshold >= after" (armed ⇔ the previous balance was above the threshold).
 * Out of order (a redelivered older event), the older observation is ignored: the newer
 * balance already decided, so a late event can neither re-arm wrongly nor alert about a
 * balance that was since topped up. If the crossing event itself is the late one and a
 * later debit arrives first, that later debit fires instead (still one alert).
 */
export function applyBalanceChange(state: AlertState, obs: BalanceObservation): AlertDecision {
  if (obs.at.getTime() < state.balanceAt.getTime()) return { next: state, fire: false, changed: false };
  const above = obs.after > state.threshold;
  const fire = state.armed && !above;
  return {
    next: { threshold: state.threshold, armed: above, balance: obs.after, balanceAt: obs.at },
    fire,
    changed: true,
  };
}

/** State for a newly saved threshold: armed only if the balance is above it, so setting it under sends nothing. */
export function initialState(threshold: number, balance: number, balanceAt: Date): AlertState {
  return { threshold, armed: balance > threshold, balance, balanceAt };
}
