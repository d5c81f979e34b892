import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { defineReadModel, text, uuid, type Column, type ReadModel, type RowOf } from '../../src/db/read-model.js';
import type { CompanyRow } from '../../src/modules/company/company.model.js';
import type { ContactRow } from '../../src/modules/contact/contact.model.js';
import type { InteractionRow } from '../../src/modules/interaction/interaction.model.js';
import type { InteractionKind } from '../../src/modules/interaction/interaction.entity.js';
import type { MetadataRow } from '../../src/modules/metadata/metadata.models.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * Every read model names its table's columns by hand, and lists filter and sort by fields over them: a typo
 * there would fail the first request that reads it. These tests find every model the modules define and
 * check it against itself and against the migrated database, so that it fails here instead.
 */

const MODULES = path.resolve(import.meta.dirname, '../../src/modules');

const isReadModel = (value: unknown): value is ReadModel =>
  typeof value === 'object' && value !== null && typeof (value as ReadModel).selectList === 'string' && 'columns' in value && 'fields' in value;

/** The read models each module file exports, by itself or in an exported object of them (metadataModels). */
async function readModels(): Promise<ReadModel[]> {
  const files = fs.readdirSync(MODULES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  const found = new Set<ReadModel>();
  for (const file of files) {
    for (const value of Object.values(await import(path.join(MODULES, file)))) {
      const inside = typeof value === 'object' && value !== null && !isReadModel(value) ? Object.values(value) : [];
      for (const candidate of [value, ...inside]) if (isReadModel(candidate)) found.add(candidate);
    }
  }
  return [...found];
}

const columnsOf = (model: ReadModel): Array<[string, Column]> => Object.entries<Column>(model.columns);

let models: ReadModel[];
beforeAll(async () => {
  models = await readModels();
});

describe('every read model', () => {
  it('is found, the modules\' models among them', () => {
    const names = models.map((m) => m.name);
    for (const name of ['Company', 'PublicCompany', 'Contact', 'Interaction', 'Adviser', 'Team', 'Country', 'Service']) expect(names).toContain(name);
  });

  it('has a name of its own: loaders and cursors are keyed by it', () => {
    const names = models.map((m) => m.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('filters and sorts by fields over its own columns, and orders by default by fields it may sort by', () => {
    const problems: string[] = [];
    for (const model of models) {
      const columns = new Set(columnsOf(model).map(([, column]) => column.name));
      for (const [key, field] of Object.entries(model.fields)) {
        if (field.some) continue; // a column of the linked table (checked against the database below)
        if (field.sql) {
          if (!field.internal) problems.push(`${model.name}.${key}: a field computed in SQL is for row-level rules only (internal)`);
        } else if (!columns.has(field.column)) problems.push(`${model.name}.${key}: ${field.column} is none of the model's columns`);
      }
      for (const { field } of model.defaultOrder) if (!model.fields[field]?.sort) problems.push(`${model.name}: its default order names ${field}, not a field it sorts by`);
    }
    expect(problems).toEqual([]);
  });
});

describe('every read model, against the migrated database', () => {
  let db: TestDatabase;
  type TableColumn = { table: string; column: string; udt: string; nullable: boolean };
  let tables: Map<string, Map<string, TableColumn>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const rows = await db.orm.em
      .fork()
      .getConnection()
      .execute<TableColumn[]>(
        `select table_name as "table", column_name as "column", udt_name as "udt", is_nullable = 'YES' as "nullable"
           from information_schema.columns where table_schema = current_schema()`,
        [],
        'all',
      );
    tables = new Map();
    for (const row of rows) tables.set(row.table, (tables.get(row.table) ?? new Map()).set(row.column, row));
  });
  afterAll(() => db?.drop());

  it('reads a table that exists, and columns of it with the type and nullability its rows are typed with', () => {
    const problems: string[] = [];
    for (const model of models) {
      const table = tables.get(model.table);
      if (!table) {
        problems.push(`${model.name}: no table ${model.table}`);
        continue;
      }
      for (const [key, column] of columnsOf(model)) {
        const actual = table.get(column.name);
        const where = `${model.name}.${key} (${model.table}.${column.name})`;
        if (!actual) problems.push(`${where}: no such column`);
        // A column given by its name alone has no type to compare.
        else if (column.udt !== undefined) {
          if (actual.udt !== column.udt) problems.push(`${where}: typed as ${column.udt}, but the column is ${actual.udt}`);
          if (actual.nullable !== column.nullable) problems.push(`${where}: typed ${column.nullable ? 'nullable' : 'not null'}, but the column is ${actual.nullable ? 'nullable' : 'not null'}`);
        }
      }
      // A field of linked rows (FieldSpec.some) tests a column of its link table, which holds the row's id.
      for (const [key, field] of Object.entries(model.fields)) {
        if (!field.some) continue;
        const link = tables.get(field.some.table);
        if (!link?.has(field.column) || !link.has(field.some.owner)) problems.push(`${model.name}.${key}: no ${field.some.table}.${field.column} or .${field.some.owner}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the row types of read models', () => {
  it('are inferred from the typed columns, null where the column may be', () => {
    expectTypeOf<ContactRow['id']>().toEqualTypeOf<string>();
    expectTypeOf<ContactRow['jobTitle']>().toEqualTypeOf<string | null>();
    expectTypeOf<ContactRow['primary']>().toEqualTypeOf<boolean>();
    expectTypeOf<ContactRow['createdOn']>().toEqualTypeOf<string>();
    expectTypeOf<ContactRow['addressLine1']>().toEqualTypeOf<string | null>();
    expectTypeOf<CompanyRow['addressLine1']>().toEqualTypeOf<string>();
    expectTypeOf<CompanyRow['registeredAddressLine1']>().toEqualTypeOf<string | null>();
    expectTypeOf<CompanyRow['numberOfEmployees']>().toEqualTypeOf<number | null>();
    expectTypeOf<CompanyRow['tradingNames']>().toEqualTypeOf<string[]>();
    expectTypeOf<InteractionRow['kind']>().toEqualTypeOf<InteractionKind>();
    expectTypeOf<InteractionRow['grantAmountOffered']>().toEqualTypeOf<string | number | null>();
    expectTypeOf<MetadataRow<'country'>['isoAlpha2Code']>().toEqualTypeOf<string | null>();
    expectTypeOf<MetadataRow<'service'>['order']>().toEqualTypeOf<number>();
  });

  it('make a field over no column of the model, or a default order over no field, a type error', () => {
    const columns = { id: uuid('id'), name: text('name') };
    const model = defineReadModel({
      name: 'Typo',
      table: 'typo',
      columns,
      // @ts-expect-error `nmae` is none of the columns
      fields: { id: { column: 'id', type: 'id', sort: true }, name: { column: 'nmae', type: 'string' } },
      defaultOrder: [{ field: 'id', direction: 'ASC' }],
    });
    defineReadModel({
      name: 'Typo',
      table: 'typo',
      columns,
      fields: { id: { column: 'id', type: 'id', sort: true } },
      // @ts-expect-error `name` is no field
      defaultOrder: [{ field: 'name', direction: 'ASC' }],
    });
    expectTypeOf<RowOf<typeof model>>().toEqualTypeOf<{ id: string; name: string }>();
  });
});
