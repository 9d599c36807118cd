import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { natsServers } from '@sms/config';
import { natsAuthOptions } from '@sms/nats-auth';
import {
  Actor,
  API_KEY_SECRET_PATTERN,
  ApiKeysRevoked,
  IdentitySubjects,
  IdentityRpc,
  ResolveApiKeyQuery,
} from '@sms/contracts';
import { connect, NatsConnection, Subscription } from 'nats';
import { createHash } from 'node:crypto';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';
import { RpcClient, WAIT_FOR_BROKER } from '@sms/nats';

export interface ApiKeyPrincipal {
  id: string;
  scopes: readonly string[];
  actor: Actor;
  /** Epoch ms, or null for a key that does not expire. */
  expiresAt: number | null;
}

interface Entry {
  principal: ApiKeyPrincipal | null;
  /** The key a refusal is about, when identity named it (a deactivated sub-account's key). */
  refusedKeyId?: string;
  fetchedAt: number;
}

const MAX_ENTRIES = 50_000;
/** How long a dropped key id is remembered, to discard a lookup that was in flight when it was dropped. */
const DROP_MEMORY_MS = 60_000;

/**
 * Verified API keys, by SHA-256 of the secret, so that a warm key costs no NATS or database
 * round trip. Identity broadcasts revocations on core NATS (every gateway drops the key within
 * milliseconds); entries also expire after API_KEY_CACHE_TTL_MS, which bounds a missed
 * broadcast. Unknown secrets are cached as such too, so a repeated bad key does not reach identity.
 */
@Injectable()
export class ApiKeyCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<ApiKeyPrincipal | null>>();
  /** Key id → the broadcast that dropped it (a counter, not a clock: same-millisecond events stay ordered) and when. */
  private readonly dropped = new Map<string, { seq: number; at: number }>();
  private broadcasts = 0;
  private nc?: NatsConnection;
  private sub?: Subscription;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly services: RpcClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nc = await connect({
      servers: natsServers(this.env.NATS_URL),
      name: 'gateway-api-keys',
      // Waits for the broker at start (a handshake timed out on a loaded machine is retried).
      ...WAIT_FOR_BROKER,
      ...natsAuthOptions(),
    });
    this.sub = this.nc.subscribe(`${this.env.NATS_PREFIX}${IdentitySubjects.apiKeysRevoked}`, {
      callback: (err, msg) => {
        if (err) return;
        try {
          this.forget((JSON.parse(new TextDecoder().decode(msg.data)) as ApiKeysRevoked).keyIds);
        } catch {
          this.logger.warn({ msg: 'malformed api key revocation broadcast ignored' });
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.sub?.unsubscribe();
    await this.nc?.drain().catch(() => undefined);
  }

  /** The key a secret belongs to, or null when it is malformed, unknown, revoked or expired. */
  async resolve(secret: string, now = Date.now()): Promise<ApiKeyPrincipal | null> {
    if (!API_KEY_SECRET_PATTERN.test(secret)) return null;
    const hash = createHash('sha256').update(secret, 'utf8').digest('hex');
    const cached = this.entries.get(hash);
    let principal: ApiKeyPrincipal | null;
    if (cached && now - cached.fetchedAt < this.env.API_KEY_CACHE_TTL_MS) principal = cached.principal;
    else principal = await this.lookup(hash);
    if (principal && principal.expiresAt !== null && principal.expiresAt <= Date.now()) return null;
    return principal;
  }

  private lookup(hash: string): Promise<ApiKeyPrincipal | null> {
    let pending = this.inflight.get(hash);
    if (!pending) {
      pending = this.fetch(hash).finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, pending);
    }
    return pending;
  }

  /** A revocation that arrives while identity is answering makes the answer stale: ask again. */
  private async fetch(hash: string): Promise<ApiKeyPrincipal | null> {
    for (let attempt = 0; ; attempt++) {
      const seenBroadcasts = this.broadcasts;
      const query: ResolveApiKeyQuery = { secretHash: hash };
      const { key, refusedKeyId } = await this.services.send(IdentityRpc.resolveApiKey, query);
      const principal: ApiKeyPrincipal | null = key
        ? {
            id: key.id,
            scopes: key.scopes,
            actor: key.actor,
            expiresAt: key.expiresAt ? Date.parse(key.expiresAt) : null,
          }
        : null;
      const keyId = principal?.id ?? refusedKeyId;
      const dropped = keyId ? this.dropped.get(keyId) : undefined;
      if (dropped !== undefined && dropped.seq > seenBroadcasts) {
        if (attempt < 2) continue;
        return null;
      }
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(hash, { principal, refusedKeyId, fetchedAt: Date.now() });
      return principal;
    }
  }

  /** Drops keys (and refusals naming them) so the next use asks identity again. */
  forget(keyIds: string[] | undefined): void {
    const ids = new Set((keyIds ?? []).filter((id) => typeof id === 'string'));
    if (ids.size === 0) return;
    const now = Date.now();
    const seq = ++this.broadcasts;
    for (const id of ids) this.dropped.set(id, { seq, at: now });
    for (const [hash, e] of this.entries) {
      const id = e.principal?.id ?? e.refusedKeyId;
      if (id && ids.has(id)) this.entries.delete(hash);
    }
    for (const [id, d] of this.dropped) if (now - d.at > DROP_MEMORY_MS) this.dropped.delete(id);
  }
}
