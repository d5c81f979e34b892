import type { EntityManager } from '@mikro-orm/core';
import { splitList, type Command } from '../../cli-command.js';
import { AppError } from '../../errors.js';
import { findAdviserByEmail } from '../adviser/index.js';
import type { FeatureFlagService } from './feature-flag.service.js';

async function adviserId(em: EntityManager, email: string | undefined): Promise<string> {
  if (!email) throw new AppError('BAD_USER_INPUT', '--adviser EMAIL is required.');
  const adviser = await findAdviserByEmail(em, email);
  if (!adviser) throw new AppError('NOT_FOUND', `No adviser has the email ${email}.`);
  return adviser.id;
}

/** Exactly one of --flag and --group, for grant and revoke. */
function flagOrGroup(values: Record<string, any>): { flag?: string; group?: string } {
  if ((values.flag === undefined) === (values.group === undefined)) throw new AppError('BAD_USER_INPUT', 'Give one of --flag CODE or --group CODE.');
  return { flag: values.flag, group: values.group };
}

/** Gives (`add`) or takes away an adviser's own flag or group, keeping the rest. */
function grantCommand(service: FeatureFlagService, add: boolean): Command {
  const verb = add ? 'grant' : 'revoke';
  return {
    usage: `feature:${verb} --adviser EMAIL (--flag CODE | --group CODE)`,
    summary: add ? 'Give an adviser a flag, or put them in a flag group.' : "Take a flag or a flag group away from an adviser (a flag on for the environment stays on).",
    options: { adviser: { type: 'string' }, flag: { type: 'string' }, group: { type: 'string' } },
    run: async ({ orm, values, out }) => {
      const em = orm.em.fork();
      const { flag, group } = flagOrGroup(values);
      const id = await adviserId(em, values.adviser);
      const own = await service.adviser(em, id);
      const change = (codes: string[], code: string | undefined) => (code === undefined ? codes : add ? [...new Set([...codes, code])] : codes.filter((c) => c !== code));
      const after = await service.setAdviser(em, id, { flags: change(own.flags, flag), groups: change(own.groups, group) }, null);
      out(`${values.adviser}: flags ${after.flags.join(', ') || 'none'}; groups ${after.groups.join(', ') || 'none'}; on for them: ${after.features.join(', ') || 'none'}.`);
    },
  };
}

/** The flags from the command line (the module's manifest gives them to `npm run cli`). */
export function featureFlagCommands(service: FeatureFlagService): Record<string, Command> {
  return {
    'feature:list': {
      usage: 'feature:list',
      summary: 'List the feature flags (on/off for the environment, groups, advisers) and the flag groups.',
      run: async ({ orm, out }) => {
        const em = orm.em.fork();
        for (const f of await service.list(em)) {
          const groups = f.groups.length ? `; groups ${f.groups.join(', ')}` : '';
          out(`${f.code}  ${f.enabled ? 'on' : 'off'}${f.declared ? ' (declared)' : ''}; ${f.advisers} adviser(s)${groups}: ${f.description}`);
        }
        for (const g of await service.groups(em)) out(`group ${g.code}: ${g.flags.join(', ') || 'no flags'}; ${g.advisers} adviser(s)${g.description ? `: ${g.description}` : ''}`);
      },
    },
    'feature:set': {
      usage: 'feature:set --flag CODE (--on | --off) [--description TEXT]',
      summary: 'Switch a flag on or off for the whole environment (a new code needs --description).',
      options: { flag: { type: 'string' }, on: { type: 'boolean' }, off: { type: 'boolean' }, description: { type: 'string' } },
      run: async ({ orm, values, out }) => {
        if (!values.flag) throw new AppError('BAD_USER_INPUT', '--flag CODE is required.');
        if (!!values.on === !!values.off) throw new AppError('BAD_USER_INPUT', 'Give one of --on or --off.');
        const flag = await service.setFlag(orm.em.fork(), { code: values.flag, enabled: !!values.on, description: values.description }, null);
        out(`${flag.code} is ${flag.enabled ? 'on' : 'off'} for the environment.`);
      },
    },
    'feature:group': {
      usage: 'feature:group --group CODE --flags a,b (empty: none) [--description TEXT]',
      summary: "Create a flag group, or set its flags (the list replaces them).",
      options: { group: { type: 'string' }, flags: { type: 'string' }, description: { type: 'string' } },
      run: async ({ orm, values, out }) => {
        if (!values.group || values.flags === undefined) throw new AppError('BAD_USER_INPUT', '--group CODE and --flags are required.');
        const group = await service.setGroup(orm.em.fork(), { code: values.group, flags: splitList(values.flags), description: values.description }, null);
        out(`group ${group.code}: ${group.flags.join(', ') || 'no flags'}.`);
      },
    },
    'feature:grant': grantCommand(service, true),
    'feature:revoke': grantCommand(service, false),
  };
}
