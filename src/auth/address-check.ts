import type http from 'node:http';
import { AppError } from '../errors.js';
import { clientIp, ipAllowlist } from './client-ip.js';
import type { ClientViewer } from './viewer.js';

/**
 * Refuses a partner client calling from an address its IP allowlist does not hold (403 `IP_NOT_ALLOWED`),
 * for a request with a credential and for a signed export link alike. Each allowlist is compiled once.
 */
export function createAddressCheck(trustedProxyHops: number): (req: http.IncomingMessage, viewer: ClientViewer) => void {
  const allowlists = new Map<string, (ip: string) => boolean>();
  return (req, viewer) => {
    if (!viewer.ipAllowlist.length) return;
    const key = viewer.ipAllowlist.join(',');
    let allowed = allowlists.get(key);
    if (!allowed) allowlists.set(key, (allowed = ipAllowlist(viewer.ipAllowlist)));
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxyHops);
    if (!allowed(ip)) {
      throw new AppError('FORBIDDEN', `Client ${viewer.name} may not call from ${ip}.`, { reason: 'IP_NOT_ALLOWED', ip });
    }
  };
}
