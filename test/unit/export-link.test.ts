import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/viewer.js';
import { useCursorKeys } from '../../src/db/cursor-keys.js';
import { EXPORT_LINK_SECONDS, signExportLink, verifyExportLink } from '../../src/search/export-link.js';

useCursorKeys('0'.repeat(64), []);

const TOKEN = '00000000-0000-4000-8000-000000000001';
const adviser = { kind: 'adviser', adviserId: 'a', tokenId: TOKEN } as unknown as Viewer;
const client = (authScheme: 'bearer' | 'hawk') => ({ kind: 'client', clientId: 'c', tokenId: TOKEN, authScheme }) as unknown as Viewer;
const NOW = Date.parse('2026-12-05T09:00:00Z');

describe('signed export links (src/search/export-link.ts), on plain objects', () => {
  it("signs for an adviser's or a bearer client's token, and the link verifies to that token until it expires", () => {
    for (const viewer of [adviser, client('bearer')]) {
      const link = new URL(signExportLink('/export/company.csv', 'abc', viewer, NOW), 'http://localhost');
      expect(link.searchParams.get('by')).toBe(TOKEN);
      expect(verifyExportLink(link, NOW)).toBe(TOKEN);
      expect(() => verifyExportLink(link, NOW + EXPORT_LINK_SECONDS * 1000)).toThrow(/expired/);
    }
  });

  it("gives a Hawk client the plain URL: its requests are signed by Hawk, so no link may stand in for that", () => {
    expect(signExportLink('/export/company.csv', 'abc', client('hawk'), NOW)).toBe('/export/company.csv?q=abc');
  });
});
