import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { natsServers } from '@sms/config';
import { natsAuthOptions } from '@sms/nats-auth';
import { IdentitySubjects, IdentityRpc, RevokedSessionsList as RevokedSessionsPayload } from '@sms/contracts';
import { connect, NatsConnection, Subscription } from 'nats';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';
import { RpcClient, WAIT_FOR_BROKER } from '@sms/nats';
import { RevokedSessionsList } from './revoked-sessions.list';

const RETRY_MS = 1_000;

/**
 * Sessions whose access tokens must be refused before they expire (logout, password change,
 * refresh-token reuse, a deactivated sub-account's manager). Access tokens are checked
 * locally, so the gateway keeps the list in memory: identity broadcasts each revocation on
 * core NATS (reaches every gateway in milliseconds), and the full list is loaded at start
 * and every REVOCATIONS_RELOAD_MS in case a broadcast was missed. Fails closed: `isFresh`
 * is false until the first load and whenever the last load is older than
 * REVOCATIONS_MAX_AGE_MS; the guard then answers 503. Entries drop out at their token's `exp`.
 */
@Injectable()
export class RevokedSessionsCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevokedSessionsCache.name);
  private readonly list: RevokedSessionsList;
  private nc?: NatsConnection;
  private sub?: Subscription;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly services: RpcClient,
  ) {
    this.list = new RevokedSessionsList(env.REVOCATIONS_MAX_AGE_MS);
  }

  isRevoked(sessionId: string): boolean {
    return this.list.isRevoked(sessionId);
  }

  /** False until the first full load and whenever the last one is older than the bound. */
  isFresh(): boolean {
    return this.list.isFresh();
  }

  /** Subscribe first, then load: a revocation that happens in between is not missed. */
  async onApplicationBootstrap(): Promise<void> {
    this.nc = await connect({
      servers: natsServers(this.env.NATS_URL),
      name: 'gateway-revocations',
      ...WAIT_FOR_BROKER,
      ...natsAuthOptions(),
    });
    this.sub = this.nc.subscribe(`${this.env.NATS_PREFIX}${IdentitySubjects.sessionsRevoked}`, {
      callback: (err, msg) => {
        if (err) return;
        try {
          this.list.add((JSON.parse(new TextDecoder().decode(msg.data)) as RevokedSessionsPayload).sessions);
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

  private async reload(): Promise<void> {
    let ok = false;
    try {
      const first = !this.list.isFresh();
      const reply = await this.services.send(IdentityRpc.listRevokedSessions, {});
      this.list.loaded(reply.sessions);
      if (first) this.logger.log({ msg: 'revoked sessions loaded', count: this.list.size });
      ok = true;
    } catch (err) {
      this.logger.warn({ msg: 'could not load revoked sessions; retrying', error: String(err) });
    }
    this.timer = setTimeout(() => void this.reload(), ok ? this.env.REVOCATIONS_RELOAD_MS : RETRY_MS);
    this.timer.unref();
  }
}
