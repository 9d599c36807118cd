// CarrierPort over SMPP 3.4: splits with the billing's own segment counting, submits parts
// through N transceiver binds with a window each and one token bucket (TPS), retries throttled
// parts, resubmits parts whose response was lost with the link, and turns receipts into reports.
import { Logger } from '@nestjs/common';
import { carrierThrottled } from '@sms/metrics';
import {
  concatUdh,
  EncodedText,
  encodeText,
  ESME_RMSGQFUL,
  ESME_ROK,
  ESME_RTHROTTLED,
  ESME_RX_T_APPN,
  isReceipt,
  MESSAGE_STATE,
  messageIdKeys,
  parseReceiptText,
  Receipt,
  SmppParams,
  SmppPdu,
  smppStatusName,
  toSmppAddress,
} from '@sms/smpp';
import type {
  AwaitedReport,
  CarrierPort,
  DeliveryReportHandler,
  DeliveryReport,
  InboundHandler,
  OutboundSms,
  PendingReceipt,
  PendingReceiptHandler,
  SubmitResult,
} from '../carrier.port';
import { TokenBucket } from '../token-bucket';
import { isFinalStat, PART_ID_SEPARATOR, ReceiptTracker } from './receipt-tracker';
import { BindOptions, SmppBind } from './smpp-bind';

export interface SmppCarrierOptions extends BindOptions {
  binds: number;
  tps: number;
  /** How long a part may wait (carrier down, throttled) before submit() gives up; the message stays queued. */
  partDeadlineMs?: number;
  /** How long a receipt no tracked message takes is kept in memory (the store keeps it durably). */
  parkedReceiptTtlMs?: number;
}

/** A receipt waiting in memory for its message; `stored` settles once its durable copy is committed. */
interface Parked {
  receipt: Receipt;
  at: Date;
  stored: Promise<boolean>;
  expires: number;
}

type PartResult = { ok: true; id: string } | { ok: false; status: number };

interface PartJob {
  params: SmppParams;
  notBefore: number;
  deadline: number;
  throttled: number;
  resolve(r: PartResult): void;
  reject(err: Error): void;
}

const RETRYABLE = new Set([ESME_RTHROTTLED, ESME_RMSGQFUL]);

/** Distinct texts whose encoding is kept: a campaign is one text for thousands of submits. */
const ENCODED_TEXTS_KEPT = 256;

/** UDHI: short_message starts with a user data header. */
const ESM_CLASS_UDHI = 0x40;

export class SmppCarrier implements CarrierPort {
  readonly name = 'smpp';
  private readonly binds: SmppBind[];
  private readonly bucket: TokenBucket;
  private readonly tracker = new ReceiptTracker();
  private readonly handlers: DeliveryReportHandler[] = [];
  private readonly inboundHandlers: InboundHandler[] = [];
  private readonly pendingHandlers: PendingReceiptHandler[] = [];
  /** Receipts no tracked message took yet, under every form of their id. */
  private readonly parked = new Map<string, Parked>();
  private readonly queue: PartJob[] = [];
  private readonly encodedTexts = new Map<string, EncodedText>();
  private readonly logger = new Logger(SmppCarrier.name);
  private readonly partDeadlineMs: number;
  private readonly parkedReceiptTtlMs: number;
  private reference = Math.floor(Math.random() * 256);
  private pumping = false;
  private nextExpiry = 0;
  private signal: (() => void) | null = null;
  private rr = 0;
  private closed = false;
  /** Parts resubmitted after a lost response (at-least-once towards the SMSC). */
  resubmitted = 0;

  constructor(opts: SmppCarrierOptions) {
    this.partDeadlineMs = opts.partDeadlineMs ?? 60_000;
    this.parkedReceiptTtlMs = opts.parkedReceiptTtlMs ?? 24 * 60 * 60 * 1000;
    this.bucket = new TokenBucket({
      ratePerSecond: opts.tps,
      capacity: Math.max(1, Math.min(opts.tps, opts.window * opts.binds)),
    });
    const hooks = { onChange: () => this.wake(), onDeliver: (pdu: SmppPdu) => this.onDeliver(pdu) };
    this.binds = Array.from({ length: opts.binds }, (_, i) => new SmppBind(i, opts, hooks));
    for (const bind of this.binds) bind.start();
  }

  isUp(): boolean {
    return this.binds.some((b) => b.state === 'bound');
  }

  /** Per-bind state and last error, for logs and readiness. */
  describe(): { state: string; inflight: number; lastError: string }[] {
    return this.binds.map((b) => ({ state: b.state, inflight: b.inflight, lastError: b.lastError }));
  }

  async submit(msg: OutboundSms): Promise<SubmitResult> {
    if (this.closed) throw new Error('smpp carrier is closed');
    // Down: refuse at once so the message stays queued, rather than holding the dispatcher's claim.
    if (!this.isUp()) throw new Error('smpp carrier is down (no bound session)');
    const { dataCoding, parts } = this.encode(msg.text);
    const reference = parts.length > 1 ? this.nextReference() : 0;
    const from = toSmppAddress(msg.from);
    const to = toSmppAddress(msg.to);
    const tracked = this.tracker.begin(msg.messageId, parts.length);
    const results = await Promise.all(
      parts.map((octets, i) =>
        this.enqueue({
          service_type: '',
          source_addr_ton: from.ton,
          source_addr_npi: from.npi,
          source_addr: from.addr,
          dest_addr_ton: to.ton,
          dest_addr_npi: to.npi,
          destination_addr: to.addr,
          esm_class: parts.length > 1 ? ESM_CLASS_UDHI : 0,
          registered_delivery: 1,
          data_coding: dataCoding,
          // Octets, not text: the package passes a Buffer through untouched.
          short_message: parts.length > 1 ? Buffer.concat([concatUdh(reference, parts.length, i + 1), octets]) : octets,
        }).then((r) => {
          // Tracked at once: the part's receipt may come before the other parts' responses.
          if (r.ok) {
            tracked.addPart(r.id);
            this.unpark([r.id]);
          }
          return r;
        }),
      ),
    ).catch((err: unknown) => {
      tracked.abandon();
      throw err;
    });
    const refused = results.find((r): r is { ok: false; status: number } => !r.ok);
    if (refused) {
      tracked.abandon();
      const code = smppStatusName(refused.status);
      return { accepted: false, errorCode: code, reason: `SMSC refused submit_sm: ${code}` };
    }
    return { accepted: true, carrierMessageId: tracked.carrierMessageId() };
  }

  onDeliveryReport(handler: DeliveryReportHandler): void {
    this.handlers.push(handler);
  }

  onInbound(handler: InboundHandler): void {
    this.inboundHandlers.push(handler);
  }

  onPendingReceipt(handler: PendingReceiptHandler): void {
    this.pendingHandlers.push(handler);
  }

  /**
   * The SMSC resends unacknowledged receipts after a rebind: the id mapping is rebuilt, and the
   * receipts that came before it (kept in memory and in the store) are applied.
   */
  resume(awaited: AwaitedReport[]): void {
    for (const a of awaited) this.tracker.restore(a.messageId, a.carrierMessageId);
    if (this.parked.size > 0) this.unpark(awaited.flatMap((a) => a.carrierMessageId.split(PART_ID_SEPARATOR)));
  }

  async replayPending(receipts: PendingReceipt[]): Promise<void> {
    const finals: { report: DeliveryReport; receipt: Receipt }[] = [];
    for (const p of receipts) {
      // Parked ones are this process's own: applied when their part is tracked (unpark).
      if (!isFinalStat(p.state) || this.parked.has(p.carrierMessageId)) continue;
      const receipt: Receipt = { id: p.carrierMessageId, stat: p.state, err: p.err };
      const outcome = this.tracker.apply(receipt, p.receivedAt);
      if (outcome.kind === 'final') finals.push({ report: outcome.report, receipt });
      else if (outcome.kind === 'unknown') this.park(receipt, p.receivedAt, Promise.resolve(true));
    }
    await Promise.all(finals.map((f) => this.report(f.report, f.receipt)));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    for (const job of this.queue.splice(0)) job.reject(new Error('smpp carrier is closed'));
    await Promise.all(this.binds.map((b) => b.close()));
  }

  /** The text's parts as octets, computed once per distinct text (the oldest forgotten first). */
  private encode(text: string): EncodedText {
    let encoded = this.encodedTexts.get(text);
    if (!encoded) {
      encoded = encodeText(text);
      if (this.encodedTexts.size >= ENCODED_TEXTS_KEPT) {
        this.encodedTexts.delete(this.encodedTexts.keys().next().value as string);
      }
      this.encodedTexts.set(text, encoded);
    }
    return encoded;
  }

  private nextReference(): number {
    this.reference = (this.reference + 1) % 256;
    return this.reference;
  }

  private enqueue(params: SmppParams): Promise<PartResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        params,
        notBefore: 0,
        deadline: Date.now() + this.partDeadlineMs,
        throttled: 0,
        resolve,
        reject,
      });
      void this.pump();
      this.wake(); // a pump waiting out throttled parts takes this one at once
    });
  }

  private wake(): void {
    const s = this.signal;
    this.signal = null;
    s?.();
  }

  /** The single loop that moves parts from the queue onto binds with a free window slot. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const now = Date.now();
        if (now >= this.nextExpiry) {
          // Deadlines are a minute long: checking them a few times a second is plenty, and keeps
          // the loop from walking the whole queue for every part.
          this.nextExpiry = now + 250;
          this.expire(now);
        }
        const index = this.queue.findIndex((j) => j.notBefore <= now);
        const bind = this.freeBind();
        if (index < 0 || !bind) {
          // A part ready but no window slot: a freed slot wakes the loop (bind onChange).
          const soonest = index < 0 ? Math.min(...this.queue.map((j) => j.notBefore), now + 1000) : now + 1000;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.max(1, soonest - now));
            this.signal = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          continue;
        }
        const job = this.queue[index];
        await this.bucket.take();
        const at = this.queue.indexOf(job);
        if (at < 0 || !bind.canSubmit || this.closed) continue;
        this.queue.splice(at, 1);
        this.fire(bind, job);
      }
    } finally {
      this.pumping = false;
    }
  }

  private freeBind(): SmppBind | undefined {
    for (let i = 0; i < this.binds.length; i++) {
      const bind = this.binds[(this.rr + i) % this.binds.length];
      if (bind.canSubmit) {
        this.rr = (this.rr + i + 1) % this.binds.length;
        return bind;
      }
    }
    return undefined;
  }

  private expire(now: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i];
      if (job.deadline > now) continue;
      this.queue.splice(i, 1);
      job.reject(new Error('smpp part not accepted before its deadline'));
    }
  }

  private fire(bind: SmppBind, job: PartJob): void {
    bind.submit(job.params).then(
      (resp) => {
        if (resp.command_status === ESME_ROK) return job.resolve({ ok: true, id: resp.message_id ?? '' });
        if (!RETRYABLE.has(resp.command_status)) return job.resolve({ ok: false, status: resp.command_status });
        // Throttled: the same part again, later (exponential, capped at 2 s).
        job.throttled += 1;
        carrierThrottled.inc();
        job.notBefore = Date.now() + Math.min(2000, 25 * 2 ** Math.min(job.throttled, 7));
        this.requeue(job);
      },
      () => {
        // Response lost with the link: submit again after the rebind (may reach the handset twice).
        this.resubmitted += 1;
        this.requeue(job);
      },
    );
  }

  private requeue(job: PartJob): void {
    if (this.closed) return job.reject(new Error('smpp carrier is closed'));
    this.queue.unshift(job);
    void this.pump();
    this.wake();
  }

  private async onDeliver(pdu: SmppPdu): Promise<number> {
    // The package emits every PDU of a TCP read synchronously: let the submit_sm_resp read just
    // before this receipt settle its part (microtasks) before the receipt looks the part up.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const text = shortMessageText(pdu);
    const at = new Date();
    if (!isReceipt(pdu.esm_class)) {
      const mo = { from: `+${pdu.source_addr ?? ''}`.replace(/^\+\+/, '+'), to: pdu.destination_addr ?? '', text, at };
      for (const h of this.inboundHandlers) await h(mo);
      return ESME_ROK;
    }
    const receipt = receiptOf(pdu, text);
    if (!receipt) {
      this.logger.warn({ msg: 'unreadable delivery receipt acknowledged and dropped', text });
      return ESME_ROK;
    }
    return (await this.take(receipt, at)) ? ESME_ROK : ESME_RX_T_APPN;
  }

  /**
   * One receipt: reported when it makes its message final, else kept (durably, when a store is
   * attached) until it can be. Resolves false when nothing durable holds it yet: the SMSC is then
   * answered with an error and sends it again (at-least-once).
   */
  private async take(receipt: Receipt, at: Date, stored?: Promise<boolean>): Promise<boolean> {
    const outcome = this.tracker.apply(receipt, at);
    switch (outcome.kind) {
      case 'final':
        return this.report(outcome.report, receipt);
      case 'partial':
        return stored ?? this.store(receipt, at);
      case 'ignored':
        return true;
      case 'unknown': {
        if (!isFinalStat(receipt.stat)) return true; // ACCEPTD/ENROUTE of an unknown id: nothing to keep
        const kept = stored ?? this.store(receipt, at);
        this.park(receipt, at, kept);
        return kept;
      }
    }
  }

  private async report(report: DeliveryReport, receipt: Receipt): Promise<boolean> {
    report.settlesReceipts = report.carrierMessageId.split(PART_ID_SEPARATOR).flatMap((id) => messageIdKeys(id));
    try {
      for (const h of this.handlers) await h(report);
      return true;
    } catch (err) {
      this.logger.warn({ msg: 'delivery report not recorded; the SMSC will resend it', error: String(err) });
      this.tracker.reopen(report, receipt);
      return false;
    }
  }

  private async store(receipt: Receipt, at: Date): Promise<boolean> {
    const pending: PendingReceipt = {
      carrierMessageId: messageIdKeys(receipt.id)[0],
      state: receipt.stat,
      err: receipt.err,
      receivedAt: at,
    };
    try {
      for (const h of this.pendingHandlers) await h(pending);
      return true;
    } catch (err) {
      this.logger.warn({ msg: 'pending receipt not stored; the SMSC will resend it', error: String(err) });
      return false;
    }
  }

  /** Kept in memory for the part that will name it (its submit_sm_resp, a resume after a restart). */
  private park(receipt: Receipt, at: Date, stored: Promise<boolean>): void {
    const now = Date.now();
    for (const [key, p] of this.parked) {
      if (p.expires > now) break;
      this.parked.delete(key);
    }
    const entry: Parked = { receipt, at, stored, expires: now + this.parkedReceiptTtlMs };
    for (const key of messageIdKeys(receipt.id)) this.parked.set(key, entry);
  }

  /**
   * Parts just tracked: receipts parked for them are applied now, once their durable copy is
   * committed (so the report's removal of it comes after). Not awaited: the report may wait for
   * the dispatcher's row lock, held until the submit that called this is recorded.
   */
  private unpark(partIds: string[]): void {
    if (this.parked.size === 0) return;
    const found = new Set<Parked>();
    for (const id of partIds) {
      for (const key of messageIdKeys(id)) {
        const p = this.parked.get(key);
        if (p) found.add(p);
      }
    }
    for (const p of found) {
      for (const key of messageIdKeys(p.receipt.id)) if (this.parked.get(key) === p) this.parked.delete(key);
      void p.stored.then(() => this.take(p.receipt, p.at, p.stored));
    }
  }
}

function shortMessageText(pdu: SmppPdu): string {
  const sm = pdu.short_message;
  if (sm === undefined) return '';
  if (typeof sm === 'string') return sm;
  if (Buffer.isBuffer(sm)) return sm.toString('latin1');
  return typeof sm.message === 'string' ? sm.message : sm.message.toString('latin1');
}

/** TLVs when present (receipted_message_id, message_state), the text for what they lack. */
function receiptOf(pdu: SmppPdu, text: string): Receipt | null {
  const parsed = parseReceiptText(text);
  const stateStat = pdu.message_state !== undefined ? MESSAGE_STATE[pdu.message_state] : undefined;
  const id = pdu.receipted_message_id || parsed?.id;
  const stat = stateStat ?? parsed?.stat;
  if (!id || !stat) return null;
  return { id, stat, err: parsed?.err ?? '000' };
}
