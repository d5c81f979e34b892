import { describe, expect, it } from 'vitest';
import { Issues } from '../../src/errors.js';
import { checkCode, isOn, listFlags, mergeDeclared } from '../../src/modules/feature-flag/feature-flag.rules.js';

describe('feature flags: when a flag is on', () => {
  it('is on for the environment, for an adviser given it, or through their group; off otherwise', () => {
    expect(isOn({ enabled: true, direct: false, throughGroup: false })).toBe(true);
    expect(isOn({ enabled: false, direct: true, throughGroup: false })).toBe(true);
    expect(isOn({ enabled: false, direct: false, throughGroup: true })).toBe(true);
    expect(isOn({ enabled: false, direct: false, throughGroup: false })).toBe(false);
  });
});

describe('feature flags: codes', () => {
  const problems = (code: string) => {
    try {
      checkCode(new Issues(), ['code'], code).throwIfAny();
      return [];
    } catch (error) {
      return (error as { issues: Array<{ reason: string }> }).issues.map((i) => i.reason);
    }
  };

  it('takes lower-case words joined by hyphens, and refuses anything else with a reason', () => {
    expect(problems('auto-archive-companies')).toEqual([]);
    expect(problems('reminder-emails-2')).toEqual([]);
    expect(problems('')).toEqual(['REQUIRED']);
    expect(problems('Auto Archive')).toEqual(['INVALID_FEATURE_CODE']);
    expect(problems('-lead')).toEqual(['INVALID_FEATURE_CODE']);
    expect(problems('a--b')).toEqual(['INVALID_FEATURE_CODE']);
    expect(problems('a'.repeat(101))).toEqual(['TOO_LONG']);
  });
});

describe('feature flags: the list', () => {
  const stored = [
    { code: 'zeta', description: 'stored only', enabled: true, groups: ['beta'], advisers: 2 },
    { code: 'auto-archive-companies', description: 'old words', enabled: true, groups: [], advisers: 0 },
  ];

  it('is the stored flags and the declared ones not stored yet (off), by code, a declared one with its module\'s description', () => {
    expect(listFlags({ 'auto-archive-companies': 'Archive companies', 'auto-archive-contacts': 'Archive contacts' }, stored)).toEqual([
      { code: 'auto-archive-companies', description: 'Archive companies', enabled: true, declared: true, groups: [], advisers: 0 },
      { code: 'auto-archive-contacts', description: 'Archive contacts', enabled: false, declared: true, groups: [], advisers: 0 },
      { code: 'zeta', description: 'stored only', enabled: true, declared: false, groups: ['beta'], advisers: 2 },
    ]);
  });

  it("merges the modules' declarations, refusing a code declared twice or one that is not a code", () => {
    expect(mergeDeclared([{ name: 'a', features: { one: '1' } }, { name: 'b' }, { name: 'c', features: { two: '2' } }])).toEqual({ one: '1', two: '2' });
    expect(() => mergeDeclared([{ name: 'a', features: { one: '1' } }, { name: 'b', features: { one: 'again' } }])).toThrow(/one is declared twice \(again by b\)/);
    expect(() => mergeDeclared([{ name: 'a', features: { 'Not A Code': '1' } }])).toThrow(/not a feature flag code/);
  });
});
