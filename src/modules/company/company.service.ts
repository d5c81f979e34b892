import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../auth/viewer.js';
import { idOf, trimOrNull } from '../../db/values.js';
import { applyChange, archiveActions, assertNotArchived, loadForWrite, stampCreated, stampModified, writeTransaction } from '../../db/write.js';
import { badInput, Issues } from '../../errors.js';
import { Company } from './company.entity.js';
import { visibleCompany } from './company.visible.js';
import { setExportCountries } from './export-country.service.js';
import type { AddressInput, CompanyCreateInput, CompanyUpdateInput } from './company.input.js';
import { addressEntityData, addressOfEntity, normaliseAddress, type AddressState } from './address.js';
import { loadCompanyFacts, loadDunsTaken } from './company.facts.js';
import { checkCompany, checkDunsFree, unarchiveRefusal, type CompanyState } from './company.rules.js';

function stateOf(c: Company): CompanyState {
  return {
    id: c.id,
    name: c.name,
    tradingNames: c.tradingNames,
    companyNumber: c.companyNumber,
    vatNumber: c.vatNumber,
    dunsNumber: c.dunsNumber,
    globalUltimateDunsNumber: c.globalUltimateDunsNumber,
    businessTypeId: idOf(c.businessType),
    sectorId: idOf(c.sector),
    employeeRangeId: idOf(c.employeeRange),
    turnoverRangeId: idOf(c.turnoverRange),
    numberOfEmployees: c.numberOfEmployees,
    turnover: c.turnover,
    // A company's trading address is required, so it always has one.
    address: addressOfEntity(c, 'address')!,
    registeredAddress: addressOfEntity(c, 'registeredAddress'),
    ukRegionId: idOf(c.ukRegion),
    headquarterTypeId: idOf(c.headquarterType),
    globalHeadquartersId: idOf(c.globalHeadquarters),
  };
}

/** The input's fields that were given (null included: it clears), normalised. */
function changes(input: CompanyCreateInput | CompanyUpdateInput): Partial<CompanyState> & Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'address' || key === 'registeredAddress') out[key] = value ? normaliseAddress(value as AddressInput) : null;
    else if (key === 'tradingNames') out[key] = ((value as string[] | null) ?? []).map((s) => s.trim()).filter(Boolean);
    else if (typeof value === 'string') out[key] = key === 'name' ? value.trim() : trimOrNull(value);
    else out[key] = value;
  }
  return out;
}

/** Entity data from changes: `xId` becomes the relation `x` (MikroORM takes a primary key for a relation). */
function entityData(change: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) {
    if (key === 'address' || key === 'registeredAddress') Object.assign(data, addressEntityData(key, value as AddressState | null));
    else if (key.endsWith('Id')) data[key.slice(0, -2)] = value;
    else data[key] = value;
  }
  return data;
}

/** The rules on the facts loaded first; the DUNS number's uniqueness once they pass. */
async function validate(tx: EntityManager, next: CompanyState, before: CompanyState | undefined): Promise<void> {
  const facts = await loadCompanyFacts(tx, next, before);
  const issues = new Issues();
  checkCompany(next, before, facts, issues);
  issues.throwIfAny();
  checkDunsFree(next, facts.dunsTaken ?? (await loadDunsTaken(tx, next, before)));
}

/** Company writes: each runs in one transaction and returns the company's id. */
export function createCompanyService() {
  return {
    async create(em: EntityManager, viewer: Viewer, input: CompanyCreateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const change = changes(input);
        const next = { ...change, address: change.address! } as CompanyState;
        await validate(tx, next, undefined);
        const company = tx.create(Company, entityData(change) as never);
        stampCreated(tx, company, viewer);
        await tx.flush();
        return company.id;
      });
    },

    async update(em: EntityManager, viewer: Viewer, id: string, input: CompanyUpdateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const company = await loadForWrite(tx, Company, id, 'company', visibleCompany(tx, viewer));
        assertNotArchived(company, 'company');
        const change = changes(input);
        if (change.address === null) throw badInput(['address'], 'REQUIRED', 'The address cannot be cleared.');
        if (change.name === '') change.name = null;
        const before = stateOf(company);
        if (!Object.keys(change).length) return company.id;
        await validate(tx, { ...before, ...change } as CompanyState, before);
        if (!applyChange(tx, company, () => tx.assign(company, entityData(change)))) return company.id;
        stampModified(tx, company, viewer);
        await tx.flush();
        return company.id;
      });
    },

    archive: archiveActions(Company, 'company', visibleCompany).archive,

    /** Restores an archived company; a merged one (transferred to another) stays archived (unarchiveRefusal). */
    async unarchive(em: EntityManager, viewer: Viewer, id: string): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const company = await loadForWrite(tx, Company, id, 'company', visibleCompany(tx, viewer));
        const refusal = unarchiveRefusal({ archived: company.archived, transferredToId: idOf(company.transferredTo) });
        if (refusal) throw refusal;
        Object.assign(company, { archived: false, archivedOn: null, archivedBy: null, archivedReason: null });
        stampModified(tx, company, viewer);
        await tx.flush();
        return company.id;
      });
    },

    setExportCountries,
  };
}

export type CompanyService = ReturnType<typeof createCompanyService>;
