import { BlockList, isIP } from 'node:net';
import { AppError } from '../errors.js';

const untrusted = (message: string) => new AppError('FORBIDDEN', message, { reason: 'UNTRUSTED_FORWARDING' });

/** ::ffff:1.2.3.4 → 1.2.3.4, so an IPv4 client matches IPv4 rules whichever socket family accepted it. */
const unmapped = (ip: string) => ip.replace(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i, '$1');

/** Entries in order, several headers read as one list; an absent or blank header has none. */
function forwardedEntries(forwardedFor: string | string[] | undefined): string[] {
  const headers = (Array.isArray(forwardedFor) ? forwardedFor : [forwardedFor ?? '']).filter((h) => h.trim() !== '');
  // Blank entries inside a header are kept, not dropped: dropping one would shift which entry is n from the right.
  return headers.length ? headers.join(',').split(',').map((e) => e.trim()) : [];
}

/**
 * The caller's IP address: with trustedProxyHops = 0, the socket's remote address (X-Forwarded-For ignored).
 * With n > 0, the address n hops from the right of [...X-Forwarded-For entries, socketAddress]: i.e. each of
 * the n trusted proxies appended the address it received from. Data Hub's rule ("the second-from-last
 * X-Forwarded-For address") is n = 2.
 * If X-Forwarded-For has too few entries the request is refused (the proxy chain is not what was configured):
 * AppError FORBIDDEN reason UNTRUSTED_FORWARDING. So is an entry that is not an IP address, and a closed
 * socket with no address when n = 0: the caller cannot be identified either way.
 * Entries to the left of the chosen one are whatever the client sent and are never read.
 */
export function clientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxyHops: number): string {
  if (!Number.isInteger(trustedProxyHops) || trustedProxyHops < 0) {
    throw new RangeError(`trustedProxyHops must be a whole number >= 0, not ${trustedProxyHops}`);
  }
  let chosen: string | undefined;
  if (trustedProxyHops === 0) {
    chosen = socketAddress;
  } else {
    const entries = forwardedEntries(forwardedFor);
    // [...entries, socket] indexed n from the right is entries indexed n - 1 from the right.
    if (entries.length < trustedProxyHops) {
      throw untrusted(`Expected at least ${trustedProxyHops} X-Forwarded-For entries, got ${entries.length}.`);
    }
    chosen = entries[entries.length - trustedProxyHops];
  }
  const ip = unmapped((chosen ?? '').trim());
  if (isIP(ip) === 0) throw untrusted('The client address is not an IP address.');
  return ip;
}

/** Validates CIDR/IP strings ("10.0.0.0/8", "192.168.1.4", "2001:db8::/32"); returns the list of problems (empty = valid). */
export function ipAllowlistProblems(entries: readonly string[]): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0 || address.includes('%') || rest.length) {
      // isIP accepts zone ids (fe80::1%eth0), which mean nothing in an allowlist.
      problems.push(`"${entry}": not an IP address or CIDR range`);
      continue;
    }
    const max = family === 4 ? 32 : 128;
    if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max)) {
      problems.push(`"${entry}": the prefix length must be 0 to ${max}`);
    }
  }
  return problems;
}

/** Builds a matcher with node:net BlockList (addSubnet / addAddress); a bare address means /32 or /128. Empty list = everything allowed. */
export function ipAllowlist(entries: readonly string[]): (ip: string) => boolean {
  const problems = ipAllowlistProblems(entries);
  // A bad entry is a configuration mistake; failing here beats silently allowing or blocking the wrong range.
  if (problems.length) throw new Error(`Invalid IP allowlist: ${problems.join('; ')}`);
  if (entries.length === 0) return () => true;

  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (ip) => {
    const address = unmapped(ip.trim());
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
