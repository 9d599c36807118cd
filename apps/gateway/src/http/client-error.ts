import { titleFor } from '@sms/contracts';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from './problem.filter';

/**
 * Node's HTTP parser refuses some requests before any route runs: headers (the URL included)
 * over the size limit get 431, anything else malformed 400. Answered as problem+json like every
 * other error, then the connection is closed (the parser cannot resynchronise on it).
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({
    status,
    title: titleFor(status),
    detail: status === 431 ? 'The URL or the request headers are too large.' : 'The HTTP request is malformed.',
    code: status === 431 ? 'request-too-large' : 'malformed-request',
  });
  socket.end(
    `HTTP/1.1 ${status} ${titleFor(status)}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
