// One SMPP transceiver bind: connect, bind_transceiver (0x34), enquire_link keepalive with a
// dead-link timeout, rebind with exponential backoff, a window of outstanding requests, unbind.
import { Logger } from '@nestjs/common';
import { carrierWindowInUse, carrierWindowSize } from '@sms/metrics';
import { ESME_ROK, ESME_RX_T_APPN, smppConnect, SmppParams, SmppPdu, SmppSession, smppStatusName } from '@sms/smpp';
import type { SmppEndpoint } from './smpp-url';

export interface BindOptions {
  endpoint: SmppEndpoint;
  /** Outstanding submit_sm per bind (SMPP window). */
  window: number;
  enquireLinkMs: number;
  /** A request without its response in this time means a dead link: the socket is dropped. */
  responseTimeoutMs: number;
  rebindMinMs: number;
  rebindMaxMs: number;
}

export type BindState = 'down' | 'binding' | 'bound' | 'closed';

export interface BindHooks {
  /** Any change that may let the carrier submit again (bound, a window slot freed). */
  onChange(): void;
  /** A deliver_sm; resolves with the command_status to answer. */
  onDeliver(pdu: SmppPdu): Promise<number>;
}

export class SmppBind {
  state: BindState = 'down';
  inflight = 0;
  lastError = '';
  private session: SmppSession | null = null;
  private backoffMs: number;
  private wakeRebind: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private readonly logger: Logger;

  constructor(
    readonly index: number,
    private readonly opts: BindOptions,
    private readonly hooks: BindHooks,
  ) {
    this.backoffMs = opts.rebindMinMs;
    this.logger = new Logger(`SmppBind#${index}`);
    carrierWindowSize.set({ bind: String(index) }, opts.window);
  }

  get canSubmit(): boolean {
    return this.state === 'bound' && this.inflight < this.opts.window;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** submit_sm on this bind; resolves with the response (any status), rejects if the link dies. */
  async submit(params: SmppParams): Promise<SmppPdu> {
    const session = this.session;
    if (!session || this.state !== 'bound') throw new Error('bind is not bound');
    this.inflight += 1;
    carrierWindowInUse.set({ bind: String(this.index) }, this.inflight);
    try {
      return await session.request('submit_sm', params, this.opts.responseTimeoutMs);
    } catch (err) {
      session.destroy(); // a lost or late response: the link is not trustworthy any more
      throw err;
    } finally {
      this.inflight -= 1;
      carrierWindowInUse.set({ bind: String(this.index) }, this.inflight);
      this.hooks.onChange();
    }
  }

  /** unbind (waiting briefly for unbind_resp), then close; no rebind afterwards. */
  async close(): Promise<void> {
    const wasBound = this.state === 'bound';
    this.state = 'closed';
    this.wakeRebind?.();
    const session = this.session;
    if (session && wasBound) {
      await session.request('unbind', {}, Math.min(this.opts.responseTimeoutMs, 2000)).catch(() => undefined);
    }
    session?.close();
    session?.destroy();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (this.state !== 'closed') {
      try {
        await this.connectAndServe();
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
        this.logger.warn({ msg: 'SMPP bind down', error: this.lastError, retryInMs: this.backoffMs });
      }
      if ((this.state as BindState) === 'closed') break;
      this.setState('down');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.backoffMs);
        this.wakeRebind = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeRebind = null;
      this.backoffMs = Math.min(this.backoffMs * 2, this.opts.rebindMaxMs);
    }
  }

  /** Resolves when a bound session ends; throws when connecting or binding fails. */
  private async connectAndServe(): Promise<void> {
    this.setState('binding');
    const { host, port, systemId, password } = this.opts.endpoint;
    const session = await smppConnect(host, port, { coalesceWrites: true, lean: true });
    const ended = new Promise<string>((resolve) => session.onClose(resolve));
    this.session = session;
    this.listen(session);
    const resp = await session.request(
      'bind_transceiver',
      { system_id: systemId, password, interface_version: 0x34, system_type: '' },
      this.opts.responseTimeoutMs,
    );
    if (resp.command_status !== ESME_ROK) {
      session.destroy();
      throw new Error(`bind refused: ${smppStatusName(resp.command_status)}`);
    }
    if ((this.state as BindState) === 'closed') {
      session.destroy();
      return;
    }
    this.backoffMs = this.opts.rebindMinMs;
    this.lastError = '';
    this.setState('bound');
    this.logger.log({ msg: 'SMPP bound', host, port, systemId });
    const keepalive = setInterval(() => {
      session.request('enquire_link', {}, this.opts.responseTimeoutMs).catch(() => session.destroy());
    }, this.opts.enquireLinkMs);
    const reason = await ended;
    clearInterval(keepalive);
    this.session = null;
    if ((this.state as BindState) !== 'closed') throw new Error(`connection lost: ${reason}`);
  }

  private listen(session: SmppSession): void {
    session.onError(() => undefined); // failures surface through onClose and rejected requests
    session.on('enquire_link', (_pdu, reply) => reply());
    session.on('unbind', (_pdu, reply) => {
      reply();
      session.close();
    });
    session.on('deliver_sm', (pdu, reply) => {
      this.hooks.onDeliver(pdu).then(
        (status) => reply({ command_status: status }),
        () => reply({ command_status: ESME_RX_T_APPN }),
      );
    });
  }

  private setState(state: BindState): void {
    if (this.state === 'closed') return;
    this.state = state;
    this.hooks.onChange();
  }
}
