import http from 'node:http';
import { AppError } from './errors.js';

/** The largest request body the gateway reads. */
export const MAX_BODY_BYTES = 1_000_000;

/** Past this much more, a sender that goes on after its refusal is cut off rather than read to the end. */
const MAX_DISCARDED_BYTES = 16 * MAX_BODY_BYTES;

const bodyTooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, { limit: MAX_BODY_BYTES });

/**
 * The request body, up to MAX_BODY_BYTES. A larger one (announced by Content-Length, or found while
 * reading) is refused at once with PAYLOAD_TOO_LARGE (HTTP 413); the rest of it is read and dropped, so
 * the refusal reaches the client instead of a reset connection (closing a socket with unread data resets it).
 */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const discard = () => {
      let discarded = 0;
      req.removeAllListeners('data');
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > MAX_DISCARDED_BYTES) req.destroy();
      });
      req.resume();
      reject(bodyTooLarge());
    };
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return discard();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) discard();
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
