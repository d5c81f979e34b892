import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server for the tests (smtp-server): it takes the login `mailer` / `p@ss word`, keeps what arrives
 * (envelope, headers, the body with quoted-printable undone enough to read links), and answers RCPT TO with
 * the codes a test queues in `rcptReplies`.
 */
type Arrived = { from: string; to: string[]; raw: string; headers: Record<string, string>; body: string };

/** An SMTP server that takes a login, keeps what arrives, and answers RCPT TO with the codes it is told to. */
export async function startSmtp() {
  const arrived: Arrived[] = [];
  const rcptReplies: number[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth: (auth, _session, done) =>
      auth.username === 'mailer' && auth.password === 'p@ss word' ? done(null, { user: 'mailer' }) : done(Object.assign(new Error('bad login'), { responseCode: 535 })),
    onRcptTo: (_address, _session, done) => {
      const code = rcptReplies.shift();
      done(code ? Object.assign(new Error(`refused with ${code} by the test`), { responseCode: code }) : null);
    },
    onData: (stream, session, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const [head, ...rest] = raw.split('\r\n\r\n');
        const headers = Object.fromEntries(
          head.replace(/\r\n[ \t]+/g, ' ').split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
        );
        // Quoted-printable, undone enough to read the links (soft line breaks and =XX).
        const body = rest.join('\r\n\r\n').replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
        arrived.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, headers, body });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { arrived, rcptReplies, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}


/** The SMTP_URL of a server started here. */
export const smtpUrlOf = (port: number) => `smtp://mailer:${encodeURIComponent('p@ss word')}@127.0.0.1:${port}`;
