import { AdviserResolver } from './adviser.resolver.js';
import { AdviserFields, TeamFields } from './adviser.types.js';
import { defineModule } from '../../module.js';
import { adviserReasons as reasons } from './adviser.reasons.js';
import { adviserCommands as commands } from './adviser.commands.js';
import { adviserDemo as demo } from './adviser.demo.js';
export { type AdviserRef } from './adviser.demo.js';
import { adviserSearch as search } from './adviser.search.js';
import { adviserPermissions as rules, adviserAccess as access } from './adviser.permissions.js';
import { Team as TeamEntity } from './team.entity.js';

export { Adviser } from '../../auth/adviser.entity.js';
export { Team } from './team.entity.js';
export { adviserModel, teamModel } from './adviser.model.js';
export { AdviserType, ArchivableType, TeamType, TrackedType, trackedFieldResolvers, ViewerType } from './adviser.types.js';
export { checkGroups, createAdviser, findAdviserByEmail, setAdviserGroups } from './adviser.service.js';

export { adviserPermissions } from './adviser.permissions.js';

export const adviserResolvers = [AdviserResolver, AdviserFields, TeamFields];
/** Advisers and their teams (src/module.ts). */
export const adviserModule = defineModule({
  name: 'adviser',
  entities: [TeamEntity],
  resolvers: adviserResolvers,
  rules,
  access,
  reasons,
  demo,
  commands,
  search,
});
