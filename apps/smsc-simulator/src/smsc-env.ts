import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';

/** The simulator's environment; ports 0 pick free ones (both are printed at start). */
export class SmscEnv {
  @IsString()
  @IsNotEmpty()
  SMSC_HOST = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  SMSC_PORT = 2775;

  /** The HTTP control endpoint (drop connections, inject MO, read what was received). */
  @IsInt()
  @Min(0)
  @Max(65535)
  SMSC_HTTP_PORT = 2776;

  @IsString()
  @IsNotEmpty()
  SMSC_SYSTEM_ID = 'smsc';

  @IsString()
  @IsNotEmpty()
  SMSC_PASSWORD = 'secret';

  @IsInt()
  @Min(0)
  @Max(600_000)
  SMSC_DLR_DELAY_MS = 300;

  /** Submits per second per session before ESME_RTHROTTLED. */
  @IsInt()
  @Min(1)
  SMSC_TPS = 1000;

  /** Unanswered submits per session before ESME_RTHROTTLED. */
  @IsInt()
  @Min(1)
  SMSC_WINDOW = 50;

  @IsInt()
  @Min(0)
  @Max(60_000)
  SMSC_RESP_DELAY_MS = 0;

  /** On SIGTERM: how long to keep delivering pending receipts and MO (new submits throttled) before exiting. */
  @IsInt()
  @Min(0)
  @Max(120_000)
  SMSC_DRAIN_MS = 10_000;

  @IsIn(['tlv', 'text'])
  SMSC_RECEIPT_STYLE: 'tlv' | 'text' = 'tlv';
}
