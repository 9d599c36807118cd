import { Type } from 'class-transformer';

import { IsObject, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';

import { ActorEnvelope } from '../common/actor';
import { MessageFilter } from './history.payloads';

/**
 * Delivery-receipts export over NATS (replies are capped at 1 MB, a workbook is not):
 * 1. the gateway subscribes to `streamSubject` (its own inbox) and sends this command;
 * 2. reporting checks access and replies `ExportAccepted` (or a Problem), then publishes the
 *    workbook to `streamSubject` in chunks carrying `Export-Seq`; the last message has
 *    `Export-End: ok` (or `error`) and no body;
 * 3. the gateway publishes `ExportAck {seq}` to `ackSubject` as it writes chunks to the HTTP
 *    response; reporting keeps at most EXPORT_WINDOW chunks unacknowledged (backpressure), and
 *    stops when it hears `{cancel: true}` or no ack for EXPORT_ACK_TIMEOUT_MS.
 */
export class ExportReceiptsCommand extends ActorEnvelope {
  @IsOptional()
  @IsUUID()
  subAccountId?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => MessageFilter)
  filter: MessageFilter;

  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,200}$/)
  streamSubject: string;
}

export class ExportAccepted {
  exportId: string;
  /** Where the gateway sends ExportAck messages. */
  ackSubject: string;
  fileName: string;
}

export interface ExportAck {
  /** Highest chunk sequence written to the client. */
  seq?: number;
  cancel?: boolean;
}

export const EXPORT_HEADERS = { seq: 'Export-Seq', end: 'Export-End' } as const;
export const EXPORT_CHUNK_BYTES = 256 * 1024;
export const EXPORT_WINDOW = 16;
export const EXPORT_ACK_TIMEOUT_MS = 30_000;
