import { describe, expect, it } from 'vitest';
import { checkTargets, type RunFigures } from '../../bench/targets.js';

// The bench's verdict on issue 16's targets, from plain figures: each target met or not, with its figure.
const run = (server: RunFigures['server'], query: RunFigures['query'], connections: number, reqPerSec: number, p99: number, rssPeakMb = 200): RunFigures => ({
  server,
  query,
  connections,
  reqPerSec,
  latencyMs: { p99 },
  rssPeakMb,
});

describe('checkTargets', () => {
  it('names each target met or not, with the measured figure', () => {
    const verdicts = checkTargets(
      [
        run('gateway', 'company-page', 32, 1_300, 40, 310),
        run('postgraphile', 'company-page', 32, 1_000, 50),
        run('raw', 'company-page', 32, 3_000, 10),
        run('gateway', 'company-list', 32, 900, 60, 280),
        run('postgraphile', 'company-list', 32, 1_000, 50),
      ],
      [
        { server: 'gateway', query: 'company-page', reported: 1, pgClient: 1 },
        { server: 'gateway', query: 'project-page', reported: 2, pgClient: 2 },
        { server: 'postgraphile', query: 'company-page', pgClient: 1 },
      ],
    );
    const by = Object.fromEntries(verdicts.map((v) => [v.target, [v.met, v.measured]]));
    expect(by).toEqual({
      'company-page @ 32: req/s ≥ 1.2× PostGraphile\'s': [true, '1.30×'],
      "company-page @ 32: p99 ≤ PostGraphile's": [true, '40.00 ms against 50.00 ms'],
      "company-page @ 32: req/s ≥ 0.5× the raw handler's": [false, '0.43×'],
      "company-list @ 32: req/s ≥ 1.2× PostGraphile's": [false, '0.90×'],
      "company-list @ 32: p99 ≤ PostGraphile's": [false, '60.00 ms against 50.00 ms'],
      'company-page: one SQL statement per request': [true, '1'],
      'project-page: one SQL statement per request': [false, '2'],
      'gateway RSS ≤ 300 MB at 32 connections': [false, '310 MB'],
    });
  });

  it('judges nothing it has no figures for', () => {
    expect(checkTargets([run('gateway', 'company-page', 1, 500, 3)], [])).toEqual([{ target: 'gateway RSS ≤ 300 MB at 1 connections', met: true, measured: '200 MB' }]);
  });
});
