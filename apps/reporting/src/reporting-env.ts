import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '@sms/config';

export class ReportingEnv extends ServiceEnv {
  /** Rows fetched per round trip by the export cursor. */
  @IsInt()
  @Min(100)
  @Max(50_000)
  EXPORT_FETCH_ROWS = 5000;

  /** Exports running at once in this process; more get 429 (each holds a DB connection). */
  @IsInt()
  @Min(1)
  @Max(64)
  EXPORT_MAX_CONCURRENT = 4;
}

export const REPORTING_ENV = Symbol('REPORTING_ENV');
