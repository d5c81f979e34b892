/**
 * A send's failure, sorted. Kept apart from the mailer (src/email/mailer.ts) so that the outbox, which every
 * process loads through the modules' jobs, does not load nodemailer (about 0.14 s of CPU at the api's start,
 * which never sends email).
 */

export type EmailErrorCode = 'SMTP_REJECTED' | 'SMTP_UNAVAILABLE';

/** A send that failed: `permanent` when the same email would be refused again (an SMTP 5xx), else worth a retry. */
export class EmailSendError extends Error {
  constructor(
    readonly code: EmailErrorCode,
    readonly permanent: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

/**
 * Sorts nodemailer's error. RFC 5321: 5xx is a permanent refusal, except 503 (bad sequence: the session's
 * state, not the message). A refused login (EAUTH, 535) is 5xx too but says nothing about this email — it is
 * our configuration, fixed once for all — so it is retried like an unreachable server.
 */
export function classifySmtpError(error: unknown): EmailSendError {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const reply = e.responseCode ? `SMTP ${e.responseCode}: ${e.response ?? e.message}` : `${e.code ?? 'ERROR'}: ${e.message ?? String(error)}`;
  const permanent = !!e.responseCode && e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503 && e.code !== 'EAUTH';
  return new EmailSendError(permanent ? 'SMTP_REJECTED' : 'SMTP_UNAVAILABLE', permanent, reply.slice(0, 1000));
}
