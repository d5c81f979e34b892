import { groupNames } from '../../auth/permissions.js';
import { createAdviserToken } from '../../auth/tokens.js';
import { parseDays, splitList, type Command } from '../../cli-command.js';
import { AppError } from '../../errors.js';
import { createAdviser, findAdviserByEmail, setAdviserGroups } from './adviser.service.js';

/** Advisers and their tokens from the command line (the module's manifest gives them to `npm run cli`). */
export const adviserCommands: Record<string, Command> = {
  'adviser:create': {
    usage: 'adviser:create --email E --name "First Last" [--superuser] [--team TEAM_ID] [--groups G1,G2]',
    summary: "Create an adviser (a team grants its role's groups; --groups adds their own).",
    options: { email: { type: 'string' }, name: { type: 'string' }, superuser: { type: 'boolean', default: false }, team: { type: 'string' }, groups: { type: 'string' } },
    run: async ({ orm, values, out }) => {
      if (!values.email || !values.name) throw new AppError('BAD_USER_INPUT', '--email and --name are required.');
      const groups = splitList(values.groups);
      const adviser = await createAdviser(orm.em.fork(), { email: values.email, name: values.name, superuser: values.superuser, teamId: values.team, groups });
      out(`Created adviser ${adviser.email} (${adviser.id})${adviser.isSuperuser ? ' as a superuser' : ''}${groups.length ? ` in ${adviser.groups.join(', ')}` : ''}.`);
    },
  },
  'adviser:groups': {
    usage: 'adviser:groups --adviser EMAIL --groups G1,G2 (empty: none)',
    // A getter: the groups are known once src/system.ts has installed the access vocabulary.
    get summary() {
      return `Set an adviser's own permission groups (${groupNames().join(', ')}).`;
    },
    options: { adviser: { type: 'string' }, groups: { type: 'string' } },
    run: async ({ orm, values, out }) => {
      if (!values.adviser || values.groups === undefined) throw new AppError('BAD_USER_INPUT', '--adviser EMAIL and --groups are required.');
      const adviser = await setAdviserGroups(orm.em.fork(), values.adviser, splitList(values.groups));
      out(`${adviser.email}: ${adviser.groups.join(', ') || 'no groups of their own'}.`);
    },
  },
  'token:create': {
    usage: 'token:create --adviser EMAIL [--days D]',
    summary: 'Create a bearer token for an adviser; prints only the token (shown once).',
    options: { adviser: { type: 'string' }, days: { type: 'string' } },
    run: async ({ orm, values, config, out }) => {
      if (!values.adviser) throw new AppError('BAD_USER_INPUT', '--adviser EMAIL is required.');
      const days = parseDays(values.days, config);
      const em = orm.em.fork();
      const adviser = await findAdviserByEmail(em, values.adviser);
      if (!adviser) throw new AppError('NOT_FOUND', `No adviser with email ${values.adviser}.`);
      if (!adviser.isActive) throw new AppError('BAD_USER_INPUT', `Adviser ${adviser.email} is not active.`);
      const { token } = await createAdviserToken(em, adviser, { days, description: 'cli' });
      out(token);
    },
  },
};
