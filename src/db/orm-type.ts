import type { MikroORM } from '@mikro-orm/core';

/**
 * The ORM handle, as a type of its own: the infrastructure that takes one (search, jobs, HTTP handlers) need
 * not import src/db/orm.ts, which knows every module's entities (and would close an import circle through
 * them).
 */
export type Orm = MikroORM;
