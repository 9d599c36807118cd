import { Socket, connect } from 'node:net';

type Reply = string | number | null | Reply[] | Error;

/**
 * The few Redis commands the rate limits need (EVAL, PING), spoken in RESP over one TCP
 * connection. Written here rather than adding a client library: two commands, no pub/sub,
 * no cluster. Replies come back in order, so pending calls are a FIFO queue; a lost connection
 * fails what is pending and the next call reconnects.
 */
export class RespConnection {
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private readonly pending: Array<{ resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];

  constructor(
    private readonly url: URL,
    private readonly timeoutMs = 1000,
  ) {}

  async call(...args: string[]): Promise<Reply> {
    const socket = this.socket ?? (await this.open());
    let frame = `*${args.length}\r\n`;
    for (const a of args) frame += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error('redis: no reply in time')), this.timeoutMs);
      this.pending.push({
        resolve: (r) => {
          clearTimeout(timer);
          if (r instanceof Error) reject(r);
          else resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      socket.write(frame);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.url.hostname, port: Number(this.url.port || 6379) });
      socket.setNoDelay(true);
      socket.unref(); // never what keeps the gateway alive on shutdown
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('redis: connect timeout'));
      }, this.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        this.socket = socket;
        this.buffer = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => this.onData(chunk));
        socket.on('close', () => this.fail(new Error('redis: connection closed')));
        socket.on('error', () => undefined); // 'close' follows and fails what is pending
        const auth = this.url.password ? [this.url.username || 'default', decodeURIComponent(this.url.password)] : null;
        const db = this.url.pathname.replace('/', '');
        const setup: Promise<Reply>[] = [];
        if (auth) setup.push(this.call('AUTH', ...auth));
        if (db) setup.push(this.call('SELECT', db));
        Promise.all(setup).then(() => resolve(socket), reject);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  private fail(err: Error): void {
    this.socket?.destroy();
    this.socket = null;
    for (const p of this.pending.splice(0)) p.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = parseReply(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      this.pending.shift()?.resolve(parsed.value);
    }
  }
}

/** One RESP2 reply starting at `at`, or null when the buffer does not hold all of it yet. */
export function parseReply(buf: Buffer, at: number): { value: Reply; end: number } | null {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(buf[at])) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items: Reply[] = [];
      let end = next;
      for (let i = 0; i < n; i++) {
        const item = parseReply(buf, end);
        if (!item) return null;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`redis: unexpected reply type ${buf[at]}`);
  }
}
