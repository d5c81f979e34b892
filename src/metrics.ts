import http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Orm } from './db/orm-type.js';
import { emailOutboxStatus } from './email/outbox.js';
import { jobRunStatus } from './jobs/job-runs.js';
import { AppError } from './errors.js';
import type { Drainer } from './search/drainer.js';
import { outboxStatus } from './search/outbox.js';

/** How long the figures are served from memory: a scraper (or anyone) polling hard costs one query per period. */
export const METRICS_TTL_MS = 5_000;

/** Prometheus text: how far behind search is (outbox depth, oldest waiting change, drain lag), emails by status, and each scheduled job's latest run. Aggregates only. */
async function metricsText(orm: Orm, drainer: Drainer | undefined): Promise<string> {
  const outbox = await outboxStatus(orm.em.fork());
  const emails = await emailOutboxStatus(orm.em.fork());
  const jobs = await jobRunStatus(orm);
  // A label value may not hold a quote, a backslash or a newline.
  const label = (value: string) => value.replace(/["\\\n]/g, '_');
  const stats = drainer?.stats();
  const lines = [
    '# HELP crm_search_outbox_depth Changes waiting to reach the search backend.',
    '# TYPE crm_search_outbox_depth gauge',
    `crm_search_outbox_depth ${outbox.depth}`,
    '# HELP crm_search_outbox_oldest_seconds Age of the oldest waiting change.',
    '# TYPE crm_search_outbox_oldest_seconds gauge',
    `crm_search_outbox_oldest_seconds ${outbox.oldestPendingSeconds ?? 0}`,
    '# HELP crm_search_outbox_failing Waiting changes whose last attempt failed.',
    '# TYPE crm_search_outbox_failing gauge',
    `crm_search_outbox_failing ${outbox.failing}`,
    '# HELP crm_emails Emails in the notifications outbox by status: queued and sending are still to go; sent, logged (no SMTP_URL) and failed are done.',
    '# TYPE crm_emails gauge',
    ...(['queued', 'sending', 'sent', 'logged', 'failed'] as const).map((status) => `crm_emails{status="${status}"} ${emails[status]}`),
    '# HELP crm_email_oldest_queued_seconds Age of the oldest email still to go.',
    '# TYPE crm_email_oldest_queued_seconds gauge',
    `crm_email_oldest_queued_seconds ${emails.oldestQueuedSeconds ?? 0}`,
    '# HELP crm_job_last_success_timestamp_seconds When each scheduled job last succeeded (0: never).',
    '# TYPE crm_job_last_success_timestamp_seconds gauge',
    ...jobs.map((j) => `crm_job_last_success_timestamp_seconds{job="${label(j.job)}"} ${j.lastSuccessSeconds ?? 0}`),
    "# HELP crm_job_last_run_duration_seconds How long each job's latest finished run took.",
    '# TYPE crm_job_last_run_duration_seconds gauge',
    ...jobs.map((j) => `crm_job_last_run_duration_seconds{job="${label(j.job)}"} ${j.durationSeconds}`),
    "# HELP crm_job_last_run_failed Whether each job's latest finished run failed (1) or not (0).",
    '# TYPE crm_job_last_run_failed gauge',
    ...jobs.map((j) => `crm_job_last_run_failed{job="${label(j.job)}"} ${j.outcome === 'failed' ? 1 : 0}`),
    "# HELP crm_job_last_run_count What each job's latest finished run counted (reminders created, emails queued, ...).",
    '# TYPE crm_job_last_run_count gauge',
    ...jobs.flatMap((j) => Object.entries(j.counts).map(([count, n]) => `crm_job_last_run_count{job="${label(j.job)}",count="${label(count)}"} ${n ?? 0}`)),
  ];
  if (stats) {
    lines.push(
      '# HELP crm_search_index_lag_seconds Commit-to-searchable lag of the last 1,000 changes drained by this process.',
      '# TYPE crm_search_index_lag_seconds summary',
      `crm_search_index_lag_seconds{quantile="0.5"} ${(stats.lagP50Ms ?? 0) / 1000}`,
      `crm_search_index_lag_seconds{quantile="0.95"} ${(stats.lagP95Ms ?? 0) / 1000}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * GET /metrics. Off unless METRICS_TOKEN is set (it ran SQL for anyone who asked); then it needs
 * `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time, and serves figures at most
 * METRICS_TTL_MS old. Refusals are AppErrors, answered like any other (404, 401).
 */
export function metricsEndpoint({ orm, drainer, token, now }: { orm: Orm; drainer?: Drainer; token?: string; now: () => number }) {
  const expected = token ? digest(`Bearer ${token}`) : undefined;
  let cached: { at: number; text: string } | undefined;
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!expected) throw new AppError('NOT_FOUND', '/metrics is off: set METRICS_TOKEN to serve it.', { reason: 'METRICS_OFF' });
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      throw new AppError('UNAUTHENTICATED', '/metrics needs Authorization: Bearer <METRICS_TOKEN>.', { reason: 'METRICS_TOKEN' });
    }
    if (!cached || now() - cached.at >= METRICS_TTL_MS) cached = { at: now(), text: await metricsText(orm, drainer) };
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(cached.text) });
    res.end(cached.text);
  };
}
