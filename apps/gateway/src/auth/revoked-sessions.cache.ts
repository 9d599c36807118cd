import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IdentitySubjects, RevokedSession, RevokedSessionsList } from '@sms/contracts';
import { connect, NatsConnection, Subscription } from 'nats';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';
import { ServicesClient } from '../rpc/rpc.module';

const RELOAD_MS = 30_000;
const RETRY_MS = 1_000;

/**
 * Sessions whose access tokens must be refused before they expire (a deactivated
 * sub-account's manager). Access tokens are checked locally, so the gateway keeps the list
 * in memory: identity broadcasts each revocation on core NATS (reaches every gateway in
 * milliseconds), and the full list is loaded at start and every 30 s in case a broadcast
 * was missed. Entries drop out once no token of the session can be alive anyway.
 */
@Injectable()
export class RevokedSessionsCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevokedSessionsCache.name);
  private readonly revoked = new Map<string, number>();
  private nc?: NatsConnection;
  private sub?: Subscription;
  private timer?: NodeJS.Timeout;
  private loaded = false;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly services: ServicesClient,
  ) {}

  isRevoked(sessionId: string): boolean {
    const until = this.revoked.get(sessionId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.revoked.delete(sessionId);
    return false;
  }

  /** Subscribe first, then load: a revocation that happens in between is not missed. */
  async onApplicationBootstrap(): Promise<void> {
    this.nc = await connect({
      servers: this.env.NATS_URL,
      name: 'gateway-revocations',
      maxReconnectAttempts: -1,
      waitOnFirstConnect: true,
    });
    this.sub = this.nc.subscribe(IdentitySubjects.sessionsRevoked, {
      callback: (err, msg) => {
        if (err) return;
        try {
          this.add((JSON.parse(new TextDecoder().decode(msg.data)) as RevokedSessionsList).sessions);
        } catch {
          this.logger.warn({ msg: 'malformed revocation broadcast ignored' });
        }
      },
    });
    // Not awaited: the gateway must start even while identity is still starting.
    void this.reload();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.sub?.unsubscribe();
    await this.nc?.drain().catch(() => undefined);
  }

  private add(sessions: RevokedSession[] | undefined): void {
    for (const s of sessions ?? []) {
      const until = Date.parse(s.expiresAt);
      if (typeof s.sessionId === 'string' && Number.isFinite(until)) this.revoked.set(s.sessionId, until);
    }
  }

  private async reload(): Promise<void> {
    try {
      const list = await this.services.send<RevokedSessionsList>(IdentitySubjects.listRevokedSessions, {});
      this.add(list.sessions);
      const now = Date.now();
      for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
      if (!this.loaded) this.logger.log({ msg: 'revoked sessions loaded', count: this.revoked.size });
      this.loaded = true;
    } catch (err) {
      this.logger.warn({ msg: 'could not load revoked sessions; retrying', error: String(err) });
    }
    this.timer = setTimeout(() => void this.reload(), this.loaded ? RELOAD_MS : RETRY_MS);
    this.timer.unref();
  }
}
