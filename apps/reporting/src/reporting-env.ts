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

  /** An export still running after this long is aborted and its slot freed (a slow client holds it no longer). */
  @IsInt()
  @Min(1)
  @Max(86_400)
  EXPORT_MAX_SECONDS = 600;
}

export const REPORTING_ENV = Symbol('REPORTING_ENV');
