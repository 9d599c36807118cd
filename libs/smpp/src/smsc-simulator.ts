// An SMSC over real TCP, for tests, benchmarks and `npm start`: authenticates binds, checks and
// reassembles concatenated parts, answers the magic recipients, sends receipts after a delay,
// throttles with ESME_RTHROTTLED, and can drop connections or inject mobile-originated SMS.
import { ESM_CLASS_RECEIPT, formatReceiptText, messageIdKeys, Receipt, STAT_TO_STATE } from './receipt';
import {
  ESME_RBINDFAIL,
  ESME_RINVDSTADR,
  ESME_RINVESMCLASS,
  ESME_ROK,
  ESME_RTHROTTLED,
  SmppListener,
  smppListen,
  SmppParams,
  SmppPdu,
  SmppSession,
} from './smpp-session';
import { readConcat } from './udh';

export interface SmscOptions {
  systemId: string;
  password: string;
  /** Delay between an accepted submit and its receipt. */
  dlrDelayMs: number;
  /** Submits per second accepted per session; more get ESME_RTHROTTLED. */
  tps: number;
  /** Unanswered submits per session; more get ESME_RTHROTTLED. */
  window: number;
  /** Delay before each submit_sm_resp (gives the window a meaning on loopback). */
  respDelayMs: number;
  /** 'tlv' sends receipted_message_id + message_state and the text; 'text' only the text. */
  receiptStyle: 'tlv' | 'text';
  /** false = enquire_link is never answered (a dead link as the client sees it). */
  answerEnquireLink: boolean;
}

export const SMSC_DEFAULTS: SmscOptions = {
  systemId: 'smsc',
  password: 'secret',
  dlrDelayMs: 300,
  tps: 1000,
  window: 50,
  respDelayMs: 0,
  receiptStyle: 'tlv',
  answerEnquireLink: true,
};

/** A whole message as the handset would see it (parts reassembled). */
export interface ReceivedSms {
  from: string;
  to: string;
  text: string;
  dataCoding: number;
  parts: number;
  /** Concatenation reference; null for a single part. */
  reference: number | null;
  messageIds: string[];
  at: string;
}

export interface SmscStats {
  sessions: number;
  bound: number;
  /** Successful binds since start (or reset): more than the bound sessions means reconnects. */
  binds: number;
  bindFailures: number;
  submits: number;
  throttled: number;
  rejected: number;
  /** Whole messages the handset got more than once (same recipient and text). */
  duplicates: number;
  receiptsSent: number;
  receiptsPending: number;
  moSent: number;
  /** Mobile-originated SMS not yet acknowledged with an OK deliver_sm_resp (refused ones are sent again). */
  mosPending: number;
}

interface SessionState {
  bound: boolean;
  outstanding: number;
  /** Accepted submits' times, oldest first; those before `stampHead` are over a second old. */
  stamps: number[];
  stampHead: number;
}

interface Assembly {
  parts: Map<number, { text: string; id: string }>;
  total: number;
}

interface PendingDeliver {
  params: SmppParams;
  /** Receipts go back on the session that submitted while it is bound (as SMSCs route by bind). */
  session?: SmppSession;
  kind: 'receipt' | 'mo';
}

/** Recipient last-four-digit suffixes with a scripted outcome, as in the in-process simulator. */
const MAGIC = { rejected: '0000', failed: '0001', expired: '0002' } as const;

export class SmscSimulator {
  private opts: SmscOptions;
  private listener: SmppListener | null = null;
  private readonly sessions = new Map<SmppSession, SessionState>();
  private readonly assemblies = new Map<string, Assembly>();
  private readonly messages: ReceivedSms[] = [];
  private readonly seen = new Map<string, number>();
  /** Every deliver_sm owed (until a deliver_sm_resp says OK), and those of them not on the wire. */
  private readonly owed = new Set<PendingDeliver>();
  private toSend: PendingDeliver[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  // Ids never repeat across restarts (a real SMSC's never do): a receipt must not name another
  // instance's message. Ten ids per millisecond of uptime before the next start could overlap.
  private nextId = Date.now() * 10;
  private draining = false;
  private rr = 0;
  private closed = false;
  private readonly counters = {
    binds: 0,
    bindFailures: 0,
    submits: 0,
    throttled: 0,
    rejected: 0,
    duplicates: 0,
    receiptsSent: 0,
    moSent: 0,
  };

  constructor(opts: Partial<SmscOptions> = {}) {
    this.opts = { ...SMSC_DEFAULTS, ...opts };
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    this.listener = await smppListen(port, host, (s) => this.accept(s));
    return this.listener.port;
  }

  get port(): number {
    if (!this.listener) throw new Error('not listening');
    return this.listener.port;
  }

  configure(change: Partial<SmscOptions>): SmscOptions {
    this.opts = { ...this.opts, ...change };
    return this.opts;
  }

  /** Drops every TCP connection at once, without unbind; returns how many. */
  dropConnections(): number {
    const all = [...this.sessions.keys()];
    for (const s of all) s.destroy();
    return all.length;
  }

  /** Queues a mobile-originated SMS towards the bound client(s). */
  injectMo(mo: { from: string; to: string; text: string }): void {
    const ucs2 = /[^\x20-\x7e\n\r]/.test(mo.text);
    this.enqueue('mo', undefined, {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: mo.from.replace(/^\+/, ''),
      dest_addr_ton: /^\+?\d+$/.test(mo.to) ? 1 : 5,
      dest_addr_npi: /^\+?\d+$/.test(mo.to) ? 1 : 0,
      destination_addr: mo.to.replace(/^\+/, ''),
      esm_class: 0,
      data_coding: ucs2 ? 8 : 0,
      short_message: { message: mo.text },
    });
  }

  received(): ReceivedSms[] {
    return [...this.messages];
  }

  stats(): SmscStats {
    const states = [...this.sessions.values()];
    return {
      ...this.counters,
      sessions: states.length,
      bound: states.filter((s) => s.bound).length,
      receiptsPending: [...this.owed].filter((d) => d.kind === 'receipt').length,
      mosPending: [...this.owed].filter((d) => d.kind === 'mo').length,
    };
  }

  /** Forgets received messages and counters (between tests). */
  reset(): void {
    this.messages.length = 0;
    this.seen.clear();
    this.assemblies.clear();
    for (const k of Object.keys(this.counters) as (keyof typeof this.counters)[]) this.counters[k] = 0;
  }

  /**
   * Before a planned stop: refuse new submits with ESME_RTHROTTLED (clients retry them after the
   * restart) and wait, up to `timeoutMs`, until every receipt and MO was scheduled and acknowledged,
   * so a restart loses none (an SMSC keeps its store across restarts; this one keeps it in memory).
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    const deadline = Date.now() + timeoutMs;
    while (this.timers.size > 0 || this.owed.size > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dropConnections();
    await this.listener?.close();
  }

  private accept(session: SmppSession): void {
    const state: SessionState = { bound: false, outstanding: 0, stamps: [], stampHead: 0 };
    this.sessions.set(session, state);
    session.onClose(() => this.sessions.delete(session));
    session.on('bind_transceiver', (pdu, reply) => {
      if (pdu.system_id === this.opts.systemId && pdu.password === this.opts.password) {
        state.bound = true;
        this.counters.binds += 1;
        reply({ system_id: 'SMSCSIM' });
        this.later(0, () => this.flush());
      } else {
        this.counters.bindFailures += 1;
        reply({ command_status: ESME_RBINDFAIL });
        this.later(10, () => session.close());
      }
    });
    session.on('enquire_link', (_pdu, reply) => {
      if (this.opts.answerEnquireLink) reply();
    });
    session.on('unbind', (_pdu, reply) => {
      state.bound = false;
      reply();
      this.later(10, () => session.close());
    });
    session.on('submit_sm', (pdu, reply) => this.onSubmit(session, state, pdu, reply));
  }

  private onSubmit(session: SmppSession, state: SessionState, pdu: SmppPdu, reply: (p?: SmppParams) => void): void {
    this.counters.submits += 1;
    if (!state.bound) return reply({ command_status: 0x04 }); // ESME_RINVBNDSTS
    const now = Date.now();
    if (this.draining || submitsInLastSecond(state, now) >= this.opts.tps || state.outstanding >= this.opts.window) {
      this.counters.throttled += 1;
      return reply({ command_status: ESME_RTHROTTLED });
    }
    state.stamps.push(now);
    const to = pdu.destination_addr ?? '';
    if (to.endsWith(MAGIC.rejected)) {
      this.counters.rejected += 1;
      return reply({ command_status: ESME_RINVDSTADR });
    }
    const sm = pdu.short_message;
    const body = typeof sm === 'object' && sm !== null && !Buffer.isBuffer(sm) ? sm : { message: sm ?? '' };
    let concat;
    try {
      concat = readConcat(body.udh);
    } catch {
      this.counters.rejected += 1;
      return reply({ command_status: ESME_RINVESMCLASS });
    }
    const text = Buffer.isBuffer(body.message) ? body.message.toString('latin1') : body.message;
    const id = (this.nextId++).toString(16);
    const from = pdu.source_addr ?? '';
    this.collect(from, to, pdu.data_coding ?? 0, text, id, concat);
    state.outstanding += 1;
    this.later(this.opts.respDelayMs, () => {
      state.outstanding -= 1;
      reply({ message_id: id });
      this.scheduleReceipt(session, pdu, id, new Date(now));
    });
  }

  private collect(
    from: string,
    to: string,
    dataCoding: number,
    text: string,
    id: string,
    concat: { reference: number; total: number; sequence: number } | null,
  ): void {
    if (!concat || concat.total === 1)
      return this.store({
        from,
        to,
        text,
        dataCoding,
        parts: 1,
        reference: null,
        messageIds: [id],
        at: new Date().toISOString(),
      });
    const key = `${from}|${to}|${concat.reference}`;
    const asm = this.assemblies.get(key) ?? { parts: new Map(), total: concat.total };
    this.assemblies.set(key, asm);
    asm.parts.set(concat.sequence, { text, id });
    if (asm.parts.size < asm.total) return;
    this.assemblies.delete(key);
    const ordered = [...asm.parts.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
    this.store({
      from,
      to,
      text: ordered.map((p) => p.text).join(''),
      dataCoding,
      parts: asm.total,
      reference: concat.reference,
      messageIds: ordered.map((p) => p.id),
      at: new Date().toISOString(),
    });
  }

  private store(sms: ReceivedSms): void {
    const key = `${sms.to}|${sms.text}`;
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    if (count > 1) this.counters.duplicates += 1;
    this.messages.push(sms);
  }

  private scheduleReceipt(session: SmppSession, pdu: SmppPdu, id: string, submitted: Date): void {
    const to = pdu.destination_addr ?? '';
    const receipt: Receipt = to.endsWith(MAGIC.failed)
      ? { id, stat: 'UNDELIV', err: '001' }
      : to.endsWith(MAGIC.expired)
        ? { id, stat: 'EXPIRED', err: '002' }
        : { id, stat: 'DELIVRD', err: '000' };
    this.later(this.opts.dlrDelayMs, () => {
      // Like many SMSCs: hex id in submit_sm_resp and the TLV, decimal in the receipt text.
      const decimalId = messageIdKeys(id)[1] ?? id;
      const text = formatReceiptText({ ...receipt, id: decimalId }, submitted, new Date());
      const tlv =
        this.opts.receiptStyle === 'tlv'
          ? { receipted_message_id: id, message_state: STAT_TO_STATE[receipt.stat] }
          : {};
      this.enqueue('receipt', session, {
        source_addr_ton: pdu.dest_addr_ton,
        source_addr_npi: pdu.dest_addr_npi,
        source_addr: to,
        dest_addr_ton: pdu.source_addr_ton,
        dest_addr_npi: pdu.source_addr_npi,
        destination_addr: pdu.source_addr,
        esm_class: ESM_CLASS_RECEIPT,
        data_coding: 0,
        short_message: { message: text },
        ...tlv,
      });
    });
  }

  private enqueue(kind: PendingDeliver['kind'], session: SmppSession | undefined, params: SmppParams): void {
    const item: PendingDeliver = { kind, session, params };
    this.owed.add(item);
    this.toSend.push(item);
    this.flush();
  }

  /**
   * Sends every deliver_sm not on the wire to a bound session; each stays owed until a
   * deliver_sm_resp says OK. Touches only what is to be sent (the owed ones on the wire wait for
   * their answers): with thousands of receipts awaiting answers, walking them all per receipt
   * made the simulator's own CPU grow with the square of the backlog.
   */
  private flush(): void {
    if (this.closed || this.toSend.length === 0) return;
    const bound = [...this.sessions.entries()].filter(([s, st]) => st.bound && s.isOpen).map(([s]) => s);
    if (bound.length === 0) return;
    const batch = this.toSend;
    this.toSend = [];
    for (const item of batch) {
      const own = item.session && bound.includes(item.session) ? item.session : undefined;
      const session = own ?? bound[this.rr++ % bound.length];
      session.request('deliver_sm', item.params, 10_000).then(
        (resp) => this.delivered(item, resp.command_status === ESME_ROK),
        () => this.delivered(item, false),
      );
    }
  }

  private delivered(item: PendingDeliver, ok: boolean): void {
    if (!ok) {
      this.toSend.push(item);
      return void this.later(200, () => this.flush());
    }
    this.owed.delete(item);
    if (item.kind === 'receipt') this.counters.receiptsSent += 1;
    else this.counters.moSent += 1;
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}

/** Submits accepted on this session in the last second (drops older stamps as it goes). */
function submitsInLastSecond(state: SessionState, now: number): number {
  while (state.stampHead < state.stamps.length && now - state.stamps[state.stampHead] >= 1000) state.stampHead += 1;
  if (state.stampHead > 1024 && state.stampHead * 2 > state.stamps.length) {
    state.stamps = state.stamps.slice(state.stampHead);
    state.stampHead = 0;
  }
  return state.stamps.length - state.stampHead;
}
