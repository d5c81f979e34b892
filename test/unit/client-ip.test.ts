import { describe, expect, it } from 'vitest';
import { clientIp, ipAllowlist, ipAllowlistProblems } from '../../src/auth/client-ip.js';
import { failure } from '../helpers/errors.js';

const SOCKET = '10.0.0.9';

describe('clientIp', () => {
  it('with 0 hops, is the socket address and ignores X-Forwarded-For', () => {
    expect(clientIp(SOCKET, '1.1.1.1, 2.2.2.2', 0)).toBe(SOCKET);
    expect(clientIp(SOCKET, undefined, 0)).toBe(SOCKET);
  });

  it('with 1 hop, is the last X-Forwarded-For entry (what our one proxy saw)', () => {
    expect(clientIp(SOCKET, '6.6.6.6, 1.1.1.1', 1)).toBe('1.1.1.1');
  });

  it('with 2 hops, is the second-from-last entry (Data Hub rule), whatever the client prepended', () => {
    expect(clientIp(SOCKET, '6.6.6.6, 1.1.1.1, 2.2.2.2', 2)).toBe('1.1.1.1');
    expect(clientIp(SOCKET, '1.1.1.1, 2.2.2.2', 2)).toBe('1.1.1.1');
  });

  it.each([
    ['no header', undefined, 1],
    ['an empty header', '', 1],
    ['a blank header', '  ', 1],
    ['one entry for 2 hops', '2.2.2.2', 2],
    ['two entries for 3 hops', '1.1.1.1, 2.2.2.2', 3],
    ['empty headers', ['', ''], 1],
  ])('refuses %s: the proxy chain is not the configured one', (_, header, hops) => {
    const error = failure(() => clientIp(SOCKET, header, hops));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.extensions.reason).toBe('UNTRUSTED_FORWARDING');
  });

  it('refuses a chosen entry that is not an IP address, and a socket without an address', () => {
    for (const run of [() => clientIp(SOCKET, 'unknown, 2.2.2.2', 2), () => clientIp(SOCKET, '1.1.1.1, , 2.2.2.2', 2), () => clientIp(undefined, undefined, 0)]) {
      const error = failure(run);
      expect(error.code).toBe('FORBIDDEN');
      expect(error.extensions.reason).toBe('UNTRUSTED_FORWARDING');
    }
  });

  it('refuses a hop count that is not a whole number >= 0', () => {
    expect(() => clientIp(SOCKET, undefined, -1)).toThrow(RangeError);
    expect(() => clientIp(SOCKET, undefined, 1.5)).toThrow(RangeError);
  });

  it('reads several X-Forwarded-For headers as one list, in order', () => {
    expect(clientIp(SOCKET, ['6.6.6.6, 1.1.1.1', '2.2.2.2'], 2)).toBe('1.1.1.1');
    expect(clientIp(SOCKET, ['6.6.6.6', '1.1.1.1', '2.2.2.2'], 1)).toBe('2.2.2.2');
    expect(clientIp(SOCKET, ['1.1.1.1', '', '2.2.2.2'], 2)).toBe('1.1.1.1');
  });

  it('trims spaces', () => {
    expect(clientIp(`  ${SOCKET} `, undefined, 0)).toBe(SOCKET);
    expect(clientIp(SOCKET, ' 1.1.1.1 ,2.2.2.2  ', 2)).toBe('1.1.1.1');
  });

  it('keeps IPv6 addresses and unmaps IPv4-mapped ones', () => {
    expect(clientIp('::1', undefined, 0)).toBe('::1');
    expect(clientIp('::ffff:192.0.2.7', undefined, 0)).toBe('192.0.2.7');
    expect(clientIp('::FFFF:192.0.2.7', undefined, 0)).toBe('192.0.2.7');
    expect(clientIp(SOCKET, '2001:db8::1, ::ffff:10.1.1.1', 2)).toBe('2001:db8::1');
    expect(clientIp(SOCKET, '2001:db8::1, ::ffff:10.1.1.1', 1)).toBe('10.1.1.1');
  });
});

describe('ipAllowlistProblems', () => {
  it('accepts IPv4/IPv6 addresses and CIDR ranges', () => {
    expect(ipAllowlistProblems(['10.0.0.0/8', '192.168.1.4', '2001:db8::/32', '::1', '0.0.0.0/0', '::/0', '1.2.3.4/32', '::1/128'])).toEqual([]);
    expect(ipAllowlistProblems([])).toEqual([]);
  });

  it('reports each invalid entry', () => {
    const problems = ipAllowlistProblems(['10.0.0.0/8', 'example.com', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/a', '10.0.0.0/8/8', '256.1.1.1', 'fe80::1%eth0', '']);
    expect(problems).toHaveLength(9);
    expect(problems[0]).toContain('example.com');
    expect(problems[1]).toMatch(/10\.0\.0\.0\/33.*0 to 32/);
    expect(problems[2]).toMatch(/0 to 128/);
  });
});

describe('ipAllowlist', () => {
  it('matches an IPv4 CIDR range', () => {
    const allowed = ipAllowlist(['10.0.0.0/8']);
    expect(allowed('10.255.1.2')).toBe(true);
    expect(allowed('11.0.0.1')).toBe(false);
    expect(allowed('::ffff:10.1.2.3')).toBe(true);
  });

  it('treats a bare address as /32 or /128', () => {
    const allowed = ipAllowlist(['192.168.1.4', '2001:db8::7']);
    expect(allowed('192.168.1.4')).toBe(true);
    expect(allowed('192.168.1.5')).toBe(false);
    expect(allowed('2001:db8::7')).toBe(true);
    expect(allowed('2001:db8::8')).toBe(false);
  });

  it('matches an IPv6 CIDR range, and keeps families apart', () => {
    const allowed = ipAllowlist(['2001:db8::/32']);
    expect(allowed('2001:db8:ffff::1')).toBe(true);
    expect(allowed('2001:db9::1')).toBe(false);
    expect(allowed('32.1.13.184')).toBe(false);
  });

  it('allows everything when empty', () => {
    const allowed = ipAllowlist([]);
    expect(allowed('203.0.113.1')).toBe(true);
    expect(allowed('::1')).toBe(true);
  });

  it('never matches something that is not an IP address', () => {
    expect(ipAllowlist(['0.0.0.0/0', '::/0'])('not-an-ip')).toBe(false);
  });

  it('refuses to build from invalid entries', () => {
    expect(() => ipAllowlist(['10.0.0.0/8', 'nope'])).toThrow(/Invalid IP allowlist: "nope"/);
  });
});
