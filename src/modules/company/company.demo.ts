import type { EntityManager } from '@mikro-orm/core';
import { REF } from '../metadata/index.js';
import { addressColumnNames, addressColumns, makeAddress, pickCountry, type Address } from './demo-address.js';
import type { AdviserRef } from '../adviser/index.js';
import { archiveFields, generateAndWrite, trackedFields, slug, writeRows, type DemoContext, type Progress, type Row, type TableSpec } from '../../../seeds/demo/context.js';
import { DAY_MS } from '../../../seeds/demo/random.js';

/** What later generators need to know about a company. */
export interface CompanyRef {
  id: string;
  countryId: string;
  /** The web/email domain its contacts use. */
  domain: string;
  createdMs: number;
  archivedMs: number | null;
}

const COMPANY: TableSpec = {
  table: 'company',
  columns: [
    'id', 'created_on', 'created_by_id', 'modified_on', 'modified_by_id',
    'archived', 'archived_on', 'archived_by_id', 'archived_reason',
    'name', 'trading_names', 'company_number', 'vat_number', 'duns_number', 'global_ultimate_duns_number',
    'business_type_id', 'sector_id', 'employee_range_id', 'turnover_range_id', 'number_of_employees', 'turnover',
    'description', 'website',
    ...addressColumnNames('address_'),
    ...addressColumnNames('registered_address_'),
    'uk_region_id', 'headquarter_type_id', 'global_headquarters_id', 'one_list_tier_id', 'one_list_account_owner_id',
  ],
};

const CHUNK = 2_000;
export const COMPANY_ARCHIVE_REASONS = ['Company is dissolved', 'Company no longer trading', 'Duplicate record', 'Company has been acquired'];
const { ghq, ukhq, ehq } = REF.headquarterType;

interface Hierarchy {
  headquarterTypeId: string | null;
  globalHeadquartersId: string | null;
  globalUltimateDuns: string | null;
  oneListTierId: string | null;
}

/** State shared across the companies of one run: DUNS numbers must be unique, subsidiaries need a GHQ. */
class CompanyGenerator {
  private readonly dunsTaken = new Set<string>();
  private readonly globalHqs: Array<{ id: string; duns: string | null }> = [];
  private readonly ordinaryBusinessTypes: string[];
  private readonly adviserIds: string[];

  constructor(
    private readonly ctx: DemoContext,
    private readonly advisers: readonly AdviserRef[],
  ) {
    this.ordinaryBusinessTypes = ctx.ref.businessTypeIds.filter((id) => id !== REF.businessType.ukBranchOfForeignCompany);
    this.adviserIds = advisers.map((a) => a.id);
  }

  next(): { row: Row; ref: CompanyRef } {
    const { rng, ids, text, ref } = this.ctx;
    const id = ids.uuid();
    const countryId = pickCountry(this.ctx);
    const address = makeAddress(this.ctx, countryId);
    const isUk = address.ukRegionId !== null;
    const name = text.company.name();
    const domain = `${slug(name).slice(0, 24) || 'company'}${isUk ? '.co.uk' : '.com'}`;
    const identity = this.identity(isUk);
    const hierarchy = this.hierarchy(id, isUk, identity.duns);
    const createdMs = rng.between(this.ctx.nowMs - 6 * 365 * DAY_MS, this.ctx.nowMs - 60 * DAY_MS);
    const archive = rng.chance(0.04)
      ? { onMs: rng.between(Math.max(createdMs + 60 * DAY_MS, this.ctx.nowMs - 365 * DAY_MS), this.ctx.nowMs), byId: rng.pick(this.adviserIds), reason: rng.pick(COMPANY_ARCHIVE_REASONS) }
      : null;
    const row: Row = {
      id,
      ...trackedFields(this.ctx, createdMs, rng.pick(this.adviserIds), this.adviserIds),
      ...archiveFields(archive),
      name,
      trading_names: rng.chance(0.1) ? [text.company.name()] : [],
      company_number: identity.companyNumber,
      vat_number: isUk && rng.chance(0.4) ? `GB${rng.digits(9)}` : null,
      duns_number: identity.duns,
      global_ultimate_duns_number: hierarchy.globalUltimateDuns,
      business_type_id: identity.businessTypeId,
      sector_id: rng.pick(ref.sectorIds),
      employee_range_id: ref.employeeRangeIds.length && rng.chance(0.85) ? rng.pick(ref.employeeRangeIds) : null,
      turnover_range_id: ref.turnoverRangeIds.length && rng.chance(0.75) ? rng.pick(ref.turnoverRangeIds) : null,
      // D&B's own figures come with a DUNS number.
      number_of_employees: identity.duns ? rng.int(1, 50_000) : null,
      turnover: identity.duns ? rng.int(50, 500_000) * 1_000 : null,
      description: rng.chance(0.4) ? text.company.catchPhrase() : null,
      website: rng.chance(0.6) ? `https://www.${domain}` : null,
      ...addressColumns('address_', address),
      ...addressColumns('registered_address_', this.registeredAddress(address, identity.companyNumber)),
      uk_region_id: address.ukRegionId,
      headquarter_type_id: hierarchy.headquarterTypeId,
      global_headquarters_id: hierarchy.globalHeadquartersId,
      one_list_tier_id: hierarchy.oneListTierId,
      one_list_account_owner_id: hierarchy.oneListTierId ? rng.pick(this.adviserIds) : null,
    };
    return { row, ref: { id, countryId, domain, createdMs, archivedMs: archive?.onMs ?? null } };
  }

  /** A UK branch of a foreign company must be in the UK with a "BR" number; only UK companies have Companies House numbers. */
  private identity(isUk: boolean): { businessTypeId: string; companyNumber: string | null; duns: string | null } {
    const { rng, ref } = this.ctx;
    const branchAllowed = isUk && ref.businessTypeIds.includes(REF.businessType.ukBranchOfForeignCompany);
    const businessTypeId = branchAllowed && rng.chance(0.03) ? REF.businessType.ukBranchOfForeignCompany : rng.pick(this.ordinaryBusinessTypes);
    let companyNumber: string | null = null;
    if (businessTypeId === REF.businessType.ukBranchOfForeignCompany) companyNumber = `BR${rng.digits(6)}`;
    else if (isUk && rng.chance(0.7)) companyNumber = rng.digits(8);
    return { businessTypeId, companyNumber, duns: rng.chance(0.3) ? this.newDuns() : null };
  }

  private newDuns(): string {
    let duns: string;
    do duns = this.ctx.rng.digits(9);
    while (this.dunsTaken.has(duns));
    this.dunsTaken.add(duns);
    return duns;
  }

  /**
   * About 5% are global HQs; 15% of the rest belong to an earlier GHQ (so the row it points to is already
   * inserted). A GHQ never has a GHQ of its own. One List tiers sit on GHQs, where the group's tier is read.
   */
  private hierarchy(id: string, isUk: boolean, duns: string | null): Hierarchy {
    const { rng, ref } = this.ctx;
    const available = (typeId: string) => (ref.headquarterTypeIds.has(typeId) ? typeId : null);
    const r = rng.float();
    const headquarterTypeId = r < 0.05 ? ghq : r < 0.08 ? available(isUk ? ukhq : ehq) : r < 0.1 ? available(ehq) : null;
    if (headquarterTypeId === ghq) {
      this.globalHqs.push({ id, duns });
      const oneListTierId = ref.oneListTierIds.length && rng.chance(0.3) ? rng.pick(ref.oneListTierIds) : null;
      return { headquarterTypeId, globalHeadquartersId: null, globalUltimateDuns: duns, oneListTierId };
    }
    const parent = this.globalHqs.length && rng.chance(0.15) ? rng.pick(this.globalHqs) : null;
    // D&B: a group member's global ultimate is its GHQ's number; a standalone company is its own.
    const globalUltimateDuns = duns ? (parent ? parent.duns : duns) : null;
    return { headquarterTypeId, globalHeadquartersId: parent?.id ?? null, globalUltimateDuns, oneListTierId: null };
  }

  /** Half the UK registered companies record a registered office, here the trading address. */
  private registeredAddress(address: Address, companyNumber: string | null): Address | null {
    return companyNumber && address.ukRegionId && this.ctx.rng.chance(0.5) ? address : null;
  }
}

export async function seedCompanies(
  em: EntityManager,
  ctx: DemoContext,
  count: number,
  advisers: readonly AdviserRef[],
  progress: Progress,
): Promise<CompanyRef[]> {
  const generator = new CompanyGenerator(ctx, advisers);
  const companies: CompanyRef[] = [];
  await generateAndWrite(
    Math.ceil(count / CHUNK),
    (chunk) => {
      const rows: Row[] = [];
      for (let i = chunk * CHUNK; i < Math.min(count, (chunk + 1) * CHUNK); i++) {
        const { row, ref } = generator.next();
        rows.push(row);
        companies.push(ref);
      }
      return rows;
    },
    async (rows) => {
      await writeRows(em, COMPANY, rows);
      progress.advance(rows.length, 'companies');
    },
  );
  return companies;
}
