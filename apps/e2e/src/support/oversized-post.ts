import { HttpResponse } from '@sms/testing';
import { request } from 'node:http';

/** How a request with a body the server will not read can end. */
export type OversizedOutcome =
  | { answered: true; res: HttpResponse }
  /** The server closed while the body was still being written, before its answer was read. */
  | { answered: false; code: string };

/**
 * POSTs a body larger than the server accepts and reads the answer as soon as it arrives,
 * whatever happens to the rest of the upload. The gateway answers 413 from the declared length
 * and closes the connection (`connection: close`) without reading the body, so the client may
 * still be writing when the socket goes away: fetch then fails with `write EPIPE` and loses the
 * answer. Here the answer wins when it was read; when the connection was cut first, the caller
 * gets the cut (EPIPE/ECONNRESET) and checks the server's state instead.
 */
export function postOversized(url: string, body: string): Promise<OversizedOutcome> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => undefined); // the cut after the answer; what was read stands
        res.on('close', () => {
          const text = Buffer.concat(chunks).toString();
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          const parsed: unknown = /json/.test(res.headers['content-type'] ?? '') && text ? JSON.parse(text) : text;
          resolve({ answered: true, res: { status: res.statusCode ?? 0, headers, body: parsed, text } });
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (answered) return; // the answer is being read; the failed upload does not matter
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve({ answered: false, code: err.code });
      else reject(err);
    });
    req.end(body);
  });
}
