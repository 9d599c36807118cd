import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DEFAULT_TIME_ZONE,
  DomainError,
  ExportAccepted,
  ExportReceiptsCommand,
  IdentityRpc,
  zoneOffsetMs,
} from '@sms/contracts';
import { EVENTS_NATS } from '@sms/events';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { AccountScope } from '../history/account-scope';
import { criteriaSql, MessageCriteria, resolveCriteria } from '../history/message-criteria';

import { REPORTING_ENV, ReportingEnv } from '../reporting-env';
import { RpcClient } from '@sms/nats';
import {
  DeliveryReceiptRow,
  DeliveryReceiptsLanguage,
  writeDeliveryReceiptsXlsx,
} from './delivery-receipts.xlsx-writer';
import { ExportCancelledError, NatsChunkWritable } from './nats-chunk.writable';
import { ExportRow, ReceiptsExportRepository } from './receipts-export.repository';

class TooManyExportsError extends DomainError {
  readonly status = 429;
  constructor() {
    super('too-many-exports', 'Too many exports are running; try again in a minute.');
  }
}

class ExportRunningError extends DomainError {
  readonly status = 429;
  constructor() {
    super('export-running', 'An export of this account is still running; try again when it has finished.');
  }
}

// First key of the session advisory lock held by a running export (the second is the account's hash).
const EXPORT_LOCK_CLASS = 0x45585054; // 'EXPT'

/**
 * Delivery receipts as a streamed workbook: a server-side cursor feeds exceljs's streaming
 * writer, whose output goes to the gateway in acknowledged NATS chunks (see
 * export.payloads.ts). Memory stays flat: at most one fetch of rows and a window of chunks.
 */
@Injectable()
export class ReceiptsExportService {
  private readonly repo = new ReceiptsExportRepository();
  private readonly logger = new Logger(ReceiptsExportService.name);
  private running = 0;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(EVENTS_NATS) private readonly nc: NatsConnection,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
    private readonly scope: AccountScope,
    private readonly rpc: RpcClient,
  ) {}

  /**
   * Checks access and the filter, then answers and streams in the background. One export per
   * signed-in account at a time, in every reporting replica: the export's database session holds
   * an advisory lock on the account (freed with the session however the export ends), and an
   * export running longer than EXPORT_MAX_SECONDS is aborted, so one slow client holds one slot
   * for a bounded time.
   */
  async start(cmd: ExportReceiptsCommand): Promise<ExportAccepted> {
    const accountId = await this.scope.resolve(cmd.actor, cmd.subAccountId);
    const criteria = resolveCriteria(accountId, cmd.filter);
    if (this.running >= this.env.EXPORT_MAX_CONCURRENT) throw new TooManyExportsError();
    // The reader's language (`language` of /account/contact), asked per export so a change applies at once.
    const { language } = await this.rpc.send(IdentityRpc.getAccountSummary, {
      accountId: cmd.actor.accountId,
    });
    const { runner, pid } = await this.lockAccount(cmd.actor.accountId);
    const exportId = randomUUID();
    const ackSubject = `${this.env.NATS_PREFIX}reporting.export.${exportId}.ack`;
    const acks = this.nc.subscribe(ackSubject);
    const out = new NatsChunkWritable({ nc: this.nc, subject: cmd.streamSubject, acks });
    this.running++;
    const deadline = setTimeout(() => {
      out.destroy(new ExportCancelledError(`the export ran longer than ${this.env.EXPORT_MAX_SECONDS} s`));
      // A query still running (a slow cursor) is cancelled too, so the session and its lock are let go.
      this.repo.cancelBackend(this.ds, pid).catch(() => undefined);
    }, this.env.EXPORT_MAX_SECONDS * 1000);
    // After this handler's reply: the gateway subscribed to streamSubject before asking.
    setImmediate(() => {
      void this.stream(runner, criteria, cmd.filter.timeZone ?? DEFAULT_TIME_ZONE, language, out)
        .catch((err: unknown) => this.logger.warn({ msg: 'export aborted', exportId, error: String(err) }))
        .finally(() => {
          clearTimeout(deadline);
          this.running--;
          acks.unsubscribe();
        });
    });
    return { exportId, ackSubject, fileName: fileName(cmd.filter.from, cmd.filter.to) };
  }

  /** A database session holding the account's export lock, or 429 when another export holds it. */
  private async lockAccount(accountId: string): Promise<{ runner: QueryRunner; pid: number }> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await this.repo.tryLock(runner, EXPORT_LOCK_CLASS, accountId)) as Array<{
        locked: boolean;
        pid: number;
      }>;
      if (!row.locked) throw new ExportRunningError();
      return { runner, pid: row.pid };
    } catch (err) {
      await runner.release();
      throw err;
    }
  }

  private async stream(
    runner: QueryRunner,
    criteria: MessageCriteria,
    timeZone: string,
    language: DeliveryReceiptsLanguage,
    out: NatsChunkWritable,
  ): Promise<void> {
    const started = Date.now();
    try {
      const { rows } = await writeDeliveryReceiptsXlsx(this.rows(runner, criteria, timeZone), out, { language });
      if (out.errored) throw out.errored;
      await out.end_('ok');
      this.logger.log({ msg: 'export finished', rows, ms: Date.now() - started });
    } catch (err) {
      await out.end_('error').catch(() => undefined);
      throw err;
    } finally {
      if (!out.destroyed) out.destroy();
      // The session lock goes with the session; unlocked first so a pooled connection never keeps it.
      await this.repo.unlockAll(runner).catch(() => undefined);
      await runner.release();
    }
  }

  /** Oldest first, through a server-side cursor in a read-only transaction. */
  private async *rows(
    runner: QueryRunner,
    criteria: MessageCriteria,
    timeZone: string,
  ): AsyncGenerator<DeliveryReceiptRow> {
    try {
      await this.repo.beginSnapshot(runner);
      const { where, params } = criteriaSql(criteria);
      await this.repo.declareCursor(runner, where, params);
      // The next FETCH runs while the writer formats this batch: database and exceljs overlap.
      const fetchNext = (): Promise<ExportRow[]> => {
        const p: Promise<ExportRow[]> = this.repo.fetch(runner, this.env.EXPORT_FETCH_ROWS);
        p.catch(() => undefined); // awaited below; never an unhandled rejection if we stop early
        return p;
      };
      let pending = fetchNext();
      for (;;) {
        const batch = await pending;
        const last = batch.length < this.env.EXPORT_FETCH_ROWS;
        if (!last) pending = fetchNext();
        for (const r of batch) {
          yield {
            submittedAt: wallClock(r.submittedMs, timeZone),
            recipient: r.recipient,
            sender: r.sender,
            text: r.text,
            segments: r.segments,
            status: r.status,
            deliveredAt: r.deliveredMs === null ? null : wallClock(r.deliveredMs, timeZone),
            errorCode: r.errorCode,
            campaignId: r.campaignId,
          };
        }
        if (last) break;
      }
      await this.repo.commit(runner);
    } finally {
      // A failed or abandoned export: the rollback undoes nothing that matters (read-only).
      await this.repo.rollback(runner).catch(() => undefined);
    }
  }
}

function wallClock(utcMs: number, timeZone: string): Date {
  return new Date(utcMs + zoneOffsetMs(utcMs, timeZone));
}

function fileName(from?: string, to?: string): string {
  const safe = (s: string) => s.replace(/[^0-9A-Za-z-]/g, '');
  if (from && to) return `delivery-receipts_${safe(from)}_${safe(to)}.xlsx`;
  if (from) return `delivery-receipts_from_${safe(from)}.xlsx`;
  if (to) return `delivery-receipts_to_${safe(to)}.xlsx`;
  return 'delivery-receipts.xlsx';
}
