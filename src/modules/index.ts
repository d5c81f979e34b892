import type { ModuleManifest } from '../module.js';
import { adviserModule } from './adviser/index.js';
import { apiClientModule } from './api-client/index.js';
import { companyModule } from './company/index.js';
import { contactModule } from './contact/index.js';
import { eventModule } from './event/index.js';
import { featureFlagModuleFor } from './feature-flag/index.js';
import { housekeepingModule } from './housekeeping/index.js';
import { interactionModule } from './interaction/index.js';
import { investmentModule } from './investment/index.js';
import { metadataModule } from './metadata/index.js';
import { reminderModule } from './reminder/index.js';
import { searchModuleFor } from './search/index.js';
import { taskModule } from './task/index.js';

/**
 * The domain modules, in dependency order: the one place a module is added to the system. The ORM's entities,
 * the schema's resolvers, the permission rules and readers, the services, the audit and search are derived
 * from this list (src/module.ts says what a manifest declares).
 */
const DOMAIN: readonly ModuleManifest[] = [metadataModule, adviserModule, companyModule, contactModule, investmentModule, interactionModule, eventModule, taskModule, reminderModule, housekeepingModule, apiClientModule];

/** Every module: the domain's, and search over the search mappings they declare (src/modules/search). */
export const MODULES: readonly ModuleManifest[] = [...DOMAIN, featureFlagModuleFor(DOMAIN), searchModuleFor(DOMAIN)];
