import { Logger, Provider } from '@nestjs/common';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RATE_LIMIT_STORE, RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';
import { RespConnection } from './resp-connection';

/** Redis when REDIS_URL is set (every replica shares the counters), else this process's memory. */
export const rateLimitStoreProvider: Provider<RateLimitStore> = {
  provide: RATE_LIMIT_STORE,
  inject: [GATEWAY_ENV],
  useFactory: (env: GatewayEnv): RateLimitStore => {
    const logger = new Logger('RateLimits');
    if (!env.REDIS_URL) {
      logger.log('REDIS_URL unset: rate limits counted in this process (one gateway replica only)');
      return new MemoryRateLimitStore();
    }
    logger.log('rate limits shared through Redis');
    return new RedisRateLimitStore(new RespConnection(new URL(env.REDIS_URL)), env.REDIS_PREFIX);
  },
};
