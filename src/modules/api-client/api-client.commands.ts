import type { ApiClient } from '../../auth/api-client.entity.js';
import type { ApiToken } from '../../auth/api-token.entity.js';
import { createClient, findClientByName, issueClientCredential, listClients, revokeToken } from '../../auth/clients.js';
import { allScopes } from '../../auth/scopes.js';
import { parseDays, splitList, type Command } from '../../cli-command.js';
import { AppError } from '../../errors.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An instant to the minute, in UTC: "2026-11-26 09:30Z". */
const when = (d: Date): string => `${new Date(d).toISOString().slice(0, 16).replace('T', ' ')}Z`;

const allowlistText = (client: ApiClient): string => client.ipAllowlist.join(', ') || 'any address';

function status(token: ApiToken, now: Date): string {
  if (token.revokedOn) return `revoked ${when(token.revokedOn)}`;
  return new Date(token.expiresOn) <= now ? 'expired' : 'active';
}

/** Pads each column to its widest cell (the last one is left ragged). */
function table(rows: string[][], indent: string): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}

/** The partner-client commands (the module's manifest gives them to the CLI). No secret is printed but by client:token. */
export const apiClientCommands: Record<string, Command> = {
  'client:create': {
    usage: 'client:create --name N --scopes a,b [--ip CIDR,...] [--hawk]',
    // A getter: the scopes are the modules', known once src/system.ts has installed them.
    get summary() {
      return `Create a partner client (bearer, or Hawk with --hawk); scopes: ${allScopes().join(', ')}.`;
    },
    options: { name: { type: 'string' }, scopes: { type: 'string' }, ip: { type: 'string' }, hawk: { type: 'boolean', default: false } },
    run: async ({ orm, values, out }) => {
      if (values.name === undefined || values.scopes === undefined) throw new AppError('BAD_USER_INPUT', '--name and --scopes are required.');
      const client = await createClient(orm.em.fork(), {
        name: values.name,
        scopes: splitList(values.scopes),
        ipAllowlist: splitList(values.ip),
        authScheme: values.hawk ? 'hawk' : 'bearer',
      });
      out(`Created client ${client.name} (${client.authScheme}, id ${client.id}): scopes ${client.scopes.join(', ')}; IP allowlist ${allowlistText(client)}.`);
    },
  },
  'client:token': {
    usage: 'client:token --client NAME [--days D]',
    summary: 'Issue a credential for a client; prints only it (shown once): the token, or HAWK_ID=... HAWK_KEY=...',
    options: { client: { type: 'string' }, days: { type: 'string' } },
    run: async ({ orm, values, config, out }) => {
      if (!values.client) throw new AppError('BAD_USER_INPUT', '--client NAME is required.');
      const days = parseDays(values.days, config);
      const em = orm.em.fork();
      const issued = await issueClientCredential(em, await findClientByName(em, values.client), { days, description: 'cli' });
      // One line either way, so `export $(npm run -s cli -- client:token --client X)` sets HAWK_ID and HAWK_KEY.
      out(issued.scheme === 'hawk' ? `HAWK_ID=${issued.hawkId} HAWK_KEY=${issued.hawkKey}` : issued.token);
    },
  },
  'client:list': {
    usage: 'client:list',
    summary: 'List the clients and their credentials (hints only, never secrets).',
    run: async ({ orm, out }) => {
      const clients = await listClients(orm.em.fork());
      if (!clients.length) return out('No clients yet: client:create makes one.');
      const now = new Date();
      clients.forEach(({ client, tokens }, i) => {
        if (i) out('');
        out(`${client.name}  (${client.authScheme}, id ${client.id}, created ${when(client.createdOn)})`);
        out(`  scopes: ${client.scopes.join(', ') || 'none'}`);
        out(`  IP allowlist: ${allowlistText(client)}`);
        if (!tokens.length) return out('  no credentials: client:token issues one.');
        const rows = tokens.map((t) => [t.id, t.hint ?? '', when(t.createdOn), when(t.expiresOn), status(t, now)]);
        for (const line of table([['CREDENTIAL', 'HINT', 'CREATED', 'EXPIRES', 'STATUS'], ...rows], '    ')) out(line);
      });
    },
  },
  'token:revoke': {
    usage: 'token:revoke --id UUID | --token TOKEN',
    summary: "Revoke a credential, an adviser's or a client's (a Hawk one by its id or HAWK_ID).",
    options: { id: { type: 'string' }, token: { type: 'string' } },
    run: async ({ orm, values, out }) => {
      if ((values.id === undefined) === (values.token === undefined)) throw new AppError('BAD_USER_INPUT', 'Give one of --id UUID or --token TOKEN.');
      if (values.id !== undefined && !UUID_RE.test(values.id)) throw new AppError('BAD_USER_INPUT', `--id must be a credential's UUID (client:list shows them), not ${values.id}.`);
      const now = new Date();
      const row = await revokeToken(orm.em.fork(), { id: values.id?.toLowerCase(), token: values.token }, now);
      const whose = row.client ? 'client' : 'adviser';
      const already = row.revokedOn && row.revokedOn.getTime() !== now.getTime();
      out(`${already ? 'Already revoked' : 'Revoked'} ${whose} credential ${row.id} (${row.hint ?? 'no hint'}) on ${when(row.revokedOn!)}.`);
    },
  },
};
