import { RevokedSession } from '@sms/contracts';

/**
 * The gateway's in-memory copy of identity's revoked sessions, and how fresh it is. It
 * fails closed: `isFresh` is false until a full load succeeded and again once the last
 * successful load is older than `maxAgeMs` (broadcasts alone do not count: one may be lost).
 */
export class RevokedSessionsList {
  private readonly revoked = new Map<string, number>();
  private loadedAt?: number;

  constructor(private readonly maxAgeMs: number) {}

  /** Each entry is kept until its `expiresAt`: the `exp` of the session's last access token. */
  add(sessions: RevokedSession[] | undefined): void {
    for (const s of sessions ?? []) {
      const until = Date.parse(s.expiresAt);
      if (typeof s.sessionId === 'string' && Number.isFinite(until)) {
        this.revoked.set(s.sessionId, Math.max(until, this.revoked.get(s.sessionId) ?? 0));
      }
    }
  }

  /** A full load succeeded at `now`: the list is fresh again; expired entries go. */
  loaded(sessions: RevokedSession[] | undefined, now = Date.now()): void {
    this.add(sessions);
    for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
    this.loadedAt = now;
  }

  isFresh(now = Date.now()): boolean {
    return this.loadedAt !== undefined && now - this.loadedAt <= this.maxAgeMs;
  }

  get size(): number {
    return this.revoked.size;
  }

  isRevoked(sessionId: string, now = Date.now()): boolean {
    const until = this.revoked.get(sessionId);
    if (until === undefined) return false;
    if (until > now) return true;
    this.revoked.delete(sessionId);
    return false;
  }
}
