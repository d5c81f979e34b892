import nodemailer from 'nodemailer';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { classifySmtpError } from './send-error.js';

/** One email as the drain hands it over: rendered, addressed, and with the Message-ID its outbox row gives it. */
export type OutgoingEmail = { to: string; subject: string; text: string; html: string; messageId: string };

/**
 * Sends emails: over SMTP when SMTP_URL is set, else into the log (mode `log`: nothing leaves the machine,
 * and the outbox records the email as `logged`, not `sent`).
 */
export type Mailer = { mode: 'smtp' | 'log'; send: (email: OutgoingEmail) => Promise<void>; close: () => void };

/**
 * nodemailer's options from SMTP_URL and SMTP_TLS. smtps:// is TLS from the first byte (port 465 by
 * default); smtp:// upgrades with STARTTLS when offered (`auto`), must upgrade (`required`), or never does
 * (`off`: a catcher on localhost). The timeouts keep one send well inside the drain's lease (src/email/outbox.ts).
 */
export function smtpOptions(email: Config['email']) {
  const url = new URL(email.smtpUrl!);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    requireTLS: !secure && email.tls === 'required',
    ignoreTLS: !secure && email.tls === 'off',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

export function createMailer(email: Config['email'], logger: Logger): Mailer {
  if (!email.smtpUrl) {
    return {
      mode: 'log',
      send: async (message) => logger.info('email logged, not sent (SMTP_URL is unset)', { to: message.to, subject: message.subject, messageId: message.messageId, text: message.text }),
      close: () => undefined,
    };
  }
  const transport = nodemailer.createTransport(smtpOptions(email));
  return {
    mode: 'smtp',
    send: async (message) => {
      try {
        await transport.sendMail({ from: email.from, ...message });
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}
