import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '@sms/config';

export class WalletEnv extends ServiceEnv {
  /** How often unfinished sub-account creations are looked for and compensated. */
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  SAGA_SWEEP_INTERVAL_MS = 15_000;

  /** A creation still 'started' after this long is presumed dead (its process crashed) and undone. */
  @IsInt()
  @Min(10_000)
  @Max(3_600_000)
  SAGA_TIMEOUT_MS = 60_000;

  /** Connections of the wallet's pool: the hot reserve path wants a few more than the default. */
  @IsInt()
  @Min(2)
  @Max(100)
  DATABASE_POOL_SIZE = 20;
}

export const WALLET_ENV = Symbol('WALLET_ENV');
