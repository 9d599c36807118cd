import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { publicKeyFromJwk } from '@sms/config';
import { IdentityRpc } from '@sms/contracts';
import { KeyObject } from 'node:crypto';
import { RpcClient } from '@sms/nats';

const RETRY_MS = 1_000;
const REFRESH_MS = 5 * 60_000;
/** An unknown `kid` triggers at most one refetch per this interval (forged kids cannot flood identity). */
const MIN_REFETCH_MS = 10_000;

/**
 * Identity's public keys, by `kid`: loaded at start (retried every second), refreshed every
 * five minutes (a retired key drops out), and refetched once when a token names a kid not
 * seen yet (a new key after rotation), rate-limited. The gateway holds no private key.
 */
@Injectable()
export class JwksCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JwksCache.name);
  private keys = new Map<string, KeyObject>();
  private loaded = false;
  private lastUnknownKidFetchAt = 0;
  private inFlight?: Promise<boolean>;
  private timer?: NodeJS.Timeout;

  constructor(private readonly services: RpcClient) {}

  /** Bumped whenever the set of keys changes: verified-token memos of an older version are void. */
  version = 0;

  get isLoaded(): boolean {
    return this.loaded;
  }

  key(kid: string): KeyObject | undefined {
    return this.keys.get(kid);
  }

  /** For a kid not in the cache: one refetch unless one happened less than MIN_REFETCH_MS ago. */
  async keyAfterRefetch(kid: string): Promise<KeyObject | undefined> {
    if (!this.inFlight && Date.now() - this.lastUnknownKidFetchAt >= MIN_REFETCH_MS) {
      this.lastUnknownKidFetchAt = Date.now();
      this.inFlight = this.fetch();
    }
    if (this.inFlight) await this.inFlight;
    return this.keys.get(kid);
  }

  onApplicationBootstrap(): void {
    void this.loop();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  private async loop(): Promise<void> {
    const ok = await (this.inFlight ?? (this.inFlight = this.fetch()));
    this.timer = setTimeout(() => void this.loop(), ok ? REFRESH_MS : RETRY_MS);
    this.timer.unref();
  }

  private async fetch(): Promise<boolean> {
    try {
      const jwks = await this.services.send(IdentityRpc.jwks, {});
      const next = new Map<string, KeyObject>();
      for (const jwk of jwks.keys ?? []) {
        if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.kid === 'string') {
          next.set(jwk.kid, publicKeyFromJwk(jwk));
        }
      }
      if (next.size === 0) throw new Error('empty JWKS');
      const same = next.size === this.keys.size && [...next.keys()].every((kid) => this.keys.has(kid));
      if (!same) this.version++;
      this.keys = next;
      if (!this.loaded) this.logger.log({ msg: 'access-token keys loaded', kids: [...next.keys()] });
      this.loaded = true;
      return true;
    } catch (err) {
      this.logger.warn({ msg: 'could not load access-token keys; retrying', error: String(err) });
      return false;
    } finally {
      this.inFlight = undefined;
    }
  }
}
