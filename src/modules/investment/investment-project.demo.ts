import { madeBy, type DemoStep } from '../../../seeds/demo/step.js';
import { generateAndWrite, iso, isoDate, ownSeed, type DemoContext, type TableSpec } from '../../../seeds/demo/context.js';
import { DAY_MS, Rng } from '../../../seeds/demo/random.js';
import type { AdviserRef } from '../adviser/index.js';
import { makeAddress, type CompanyRef } from '../company/index.js';
import { REF } from '../metadata/index.js';
import { LINKS, projectReference, projectRow, writeBatch, type Batch, type ProjectReference } from './investment-project.demo-data.js';
import { InvestmentProjectPriority, InvestmentProjectStatus } from './investment-project.entity.js';
import { missingFields, REF_IDS, STAGE, type StageName } from './investment-project.stages.js';
import type { InvestmentProjectLists, InvestmentProjectState } from './investment-project.state.js';
import { grossValueAdded, gvaSector } from './investment-project.value.js';

const CHUNK = 1_000;
const STAGES = [STAGE.prospect, STAGE.assignPm, STAGE.active, STAGE.verifyWin, STAGE.won];
const STAGE_NAMES = Object.keys(STAGE) as StageName[];
/** Most projects are early on; a sixth have been won (weights, by stage). */
const STAGE_WEIGHTS = [[0, 35], [1, 15], [2, 25], [3, 8], [4, 17]] as const;
/** Before Won a project goes on, or waits, or is lost or abandoned; `won` comes only with the Won stage. */
const OPEN_STATUSES = [
  [InvestmentProjectStatus.ONGOING, 70],
  [InvestmentProjectStatus.DELAYED, 10],
  [InvestmentProjectStatus.DORMANT, 8],
  [InvestmentProjectStatus.LOST, 7],
  [InvestmentProjectStatus.ABANDONED, 5],
] as const;
/** Every stage with every status it can have: the first projects take one each, so even the smallest demo shows them all. */
const EVERY_PAIR: ReadonlyArray<readonly [number, InvestmentProjectStatus]> = [
  ...STAGES.slice(0, -1).flatMap((_, stage) => OPEN_STATUSES.map(([status]) => [stage, status] as const)),
  [STAGES.length - 1, InvestmentProjectStatus.WON],
];
const NAMES = ['New {product} plant', 'Expansion of {product} operations', 'UK headquarters for {product}', 'R&D centre for {product}', 'Acquisition of a {product} maker', '{product} distribution hub'];
const ROLES = ['Sector specialist', 'Regional lead', 'Post adviser', 'Investment specialist', 'Account manager', 'Policy adviser'];
const REASONS_DELAYED = ['Waiting for board approval', 'Planning permission delayed', 'Funding round postponed'];
const REASONS_LOST = ['Chose another country', 'Better incentives elsewhere', 'Skills shortage in the region'];
const REASONS_ABANDONED = ['Company restructured', 'Market conditions changed', 'Project cancelled by the parent company'];
/**
 * This step came after the others: it draws from streams of its own, seeded by the run's first company (so by
 * the run's seed), and moves no value any other step generates.
 */
function ownContext(ctx: DemoContext, companies: readonly CompanyRef[]): DemoContext {
  const seed = ownSeed(companies[0].id);
  return { ...ctx, rng: new Rng(seed, 31), ids: new Rng(seed, 32), text: ctx.britishText(seed + 31) };
}

/** Makes projects valid under every rule of their stage, with the team, stage log and link rows that go with them. */
class ProjectGenerator {
  /** Indexes of the live companies with a contact, which may invest. */
  private readonly investors: { overseas: number[]; uk: number[] };
  private readonly staff: AdviserRef[];
  /** The partner teams' advisers, by team. */
  private readonly partnerTeams: string[][];
  private generated = 0;

  constructor(
    private readonly ctx: DemoContext,
    private readonly ref: ProjectReference,
    private readonly companies: readonly CompanyRef[],
    private readonly contactIds: readonly string[][],
    advisers: readonly AdviserRef[],
  ) {
    const live = companies.map((_, i) => i).filter((i) => companies[i].archivedMs === null && contactIds[i].length > 0);
    const inUk = (i: number) => companies[i].countryId === REF.country.unitedKingdom;
    this.investors = { overseas: live.filter((i) => !inUk(i)), uk: live.filter(inUk) };
    if (!this.investors.overseas.length || !this.investors.uk.length || !ref.ukCompanies.length) throw new Error('seedDemo: no live companies to be investors in projects');
    const byTeam = new Map<string, string[]>();
    for (const p of ref.partners) byTeam.set(p.teamId, [...(byTeam.get(p.teamId) ?? []), p.id]);
    this.partnerTeams = [...byTeam.values()];
    // Partners are on the projects they are added to below, and on no other: the associated rule then has some to show and some to hide.
    const partnerIds = new Set(ref.partners.map((p) => p.id));
    this.staff = advisers.filter((a) => !partnerIds.has(a.id));
  }

  add(batch: Batch): void {
    const { rng, ids, text, nowMs } = this.ctx;
    const ref = this.ref;
    const id = ids.uuid();
    const [stageIndex, status] = this.stageAndStatus();
    const reached = (stage: StageName) => stageIndex >= STAGE_NAMES.indexOf(stage);
    // Some projects already have the next stage's team or requirements (never its win figures).
    const early = (stage: StageName) => reached(stage) || (STAGE_NAMES.indexOf(stage) === stageIndex + 1 && stage !== 'verifyWin' && rng.chance(0.3));
    const investmentTypeId = this.investmentType();
    const fdi = investmentTypeId === REF_IDS.fdi;
    // Foreign direct investment comes from abroad; other projects' investors are as often British.
    const investorIndex = rng.pick(fdi || rng.chance(0.5) ? this.investors.overseas : this.investors.uk);
    const investor = this.companies[investorIndex];
    const createdMs = rng.between(Math.max(investor.createdMs + 30 * DAY_MS, nowMs - 4 * 365 * DAY_MS), nowMs - 7 * DAY_MS);
    const stageMs = this.stageTimes(createdMs, stageIndex + 1);
    const lastMoveMs = stageMs[stageIndex];
    const intermediate = rng.chance(0.05) ? this.companies[rng.pick(this.investors.uk)] : null;
    const crm = rng.pick(this.staff);
    const creator = rng.chance(0.7) ? crm : rng.pick(this.staff);
    const referralSourceActivityId = rng.pick(ref.referralIds);
    const businessActivityIds = rng.sample(ref.activityIds, rng.int(1, 2));

    const requirements = early('assignPm');
    const cannotProvideTotal = requirements ? rng.chance(0.1) : null;
    const totalInvestment = cannotProvideTotal === false ? rng.int(2, 2_000) * 50_000 : null;
    const consideringOthers = requirements ? rng.chance(0.4) : null;

    const team = early('active');
    const [pm, paa] = team ? rng.sample(this.staff, 2) : [null, null];
    const pmAssignedMs = pm ? (reached('active') ? rng.between(stageMs[1], stageMs[2]) : rng.between(stageMs[1], nowMs)) : null;

    const win = reached('verifyWin');
    const ukCompany = win ? rng.pick(ref.ukCompanies) : null;
    const cannotProvideForeign = win ? rng.chance(0.1) : null;
    const newJobs = win ? (rng.chance(0.1) ? 0 : rng.int(1, 400)) : null;
    const siteIsCompanyAddress = win ? rng.chance(0.6) : null;
    const site = ukCompany && !siteIsCompanyAddress ? makeAddress(this.ctx, REF.country.unitedKingdom) : null;
    const actualLandMs = win ? rng.between(stageMs[2], stageMs[3]) : null;

    const statusMs = status === InvestmentProjectStatus.ONGOING || status === InvestmentProjectStatus.WON ? lastMoveMs : rng.between(lastMoveMs, nowMs);

    const state: InvestmentProjectState = {
      id,
      stageId: STAGES[stageIndex].id,
      status,
      name: capitalise(rng.pick(NAMES).replace('{product}', text.commerce.product().toLowerCase())),
      description: text.lorem.sentences(rng.int(1, 3)),
      investmentTypeId,
      fdiTypeId: fdi ? rng.pick(ref.fdiTypeIds) : null,
      reasonDelayed: status === InvestmentProjectStatus.DELAYED ? rng.pick(REASONS_DELAYED) : null,
      reasonLost: status === InvestmentProjectStatus.LOST ? rng.pick(REASONS_LOST) : null,
      dateLost: status === InvestmentProjectStatus.LOST ? isoDate(statusMs) : null,
      countryLostToId: status === InvestmentProjectStatus.LOST && rng.chance(0.7) ? rng.pick(this.ctx.ref.otherCountryIds) : null,
      reasonAbandoned: status === InvestmentProjectStatus.ABANDONED ? rng.pick(REASONS_ABANDONED) : null,
      dateAbandoned: status === InvestmentProjectStatus.ABANDONED ? isoDate(statusMs) : null,
      estimatedLandDate: isoDate(actualLandMs !== null ? actualLandMs + rng.int(-60, 60) * DAY_MS : createdMs + rng.int(90, 900) * DAY_MS),
      actualLandDate: actualLandMs !== null ? isoDate(actualLandMs) : null,
      likelihoodToLandId: team ? rng.pick(ref.likelihoodIds) : null,
      priority: rng.chance(0.7) ? rng.pick(Object.values(InvestmentProjectPriority)) : null,
      investorCompanyId: investor.id,
      intermediateCompanyId: intermediate && intermediate.id !== investor.id ? intermediate.id : null,
      ukCompanyId: ukCompany?.id ?? null,
      clientRelationshipManagerId: crm.id,
      referralSourceAdviserId: rng.pick(this.staff).id,
      referralSourceActivityId,
      referralSourceActivityEvent: referralSourceActivityId === REF_IDS.referralEvent ? `${text.location.city()} investment summit` : null,
      referralSourceActivityMarketingId: referralSourceActivityId === REF_IDS.referralMarketing ? rng.pick(ref.marketingIds) : null,
      referralSourceActivityWebsiteId: referralSourceActivityId === REF_IDS.referralWebsite ? rng.pick(ref.websiteIds) : null,
      sectorId: rng.pick(this.ctx.ref.sectorIds),
      otherBusinessActivity: businessActivityIds.includes(REF_IDS.otherBusinessActivity) ? text.commerce.productDescription() : null,
      clientCannotProvideTotalInvestment: cannotProvideTotal,
      totalInvestment,
      clientCannotProvideForeignInvestment: cannotProvideForeign,
      foreignEquityInvestment: cannotProvideForeign === false ? Math.round((totalInvestment ?? rng.int(2, 2_000) * 50_000) * rng.int(50, 100) / 100) : null,
      governmentAssistance: win ? rng.chance(0.3) : null,
      numberNewJobs: newJobs,
      averageSalaryId: newJobs ? rng.pick(ref.salaryIds) : null,
      numberSafeguardedJobs: win ? rng.int(0, 200) : null,
      rAndDBudget: win ? rng.chance(0.4) : null,
      nonFdiRAndDBudget: win ? rng.chance(0.2) : null,
      newTechToUk: win ? rng.chance(0.3) : null,
      exportRevenue: win ? rng.chance(0.5) : null,
      fdiValueId: win && fdi ? rng.pick(ref.fdiValueIds) : null,
      clientRequirements: requirements ? text.lorem.sentence() : null,
      clientConsideringOtherCountries: consideringOthers,
      siteAddressIsCompanyAddress: siteIsCompanyAddress,
      address1: site?.line1 ?? ukCompany?.line1 ?? null,
      address2: site?.line2 ?? null,
      addressTown: site?.town ?? ukCompany?.town ?? null,
      addressPostcode: site?.postcode ?? ukCompany?.postcode ?? null,
      projectManagerId: pm?.id ?? null,
      projectAssuranceAdviserId: paa?.id ?? null,
      projectManagerRequestStatusId: reached('assignPm') && rng.chance(0.5) ? rng.pick(ref.pmRequestIds) : null,
      investorTypeId: win ? rng.pick(ref.investorTypeIds) : null,
      levelOfInvolvementId: win ? rng.pick(ref.involvementIds) : null,
      clientContactIds: rng.sample(this.contactIds[investorIndex], rng.int(1, 2)),
      businessActivityIds,
      strategicDriverIds: requirements ? rng.sample(ref.driverIds, rng.int(1, 3)) : [],
      ukRegionLocationIds: requirements ? rng.sample(this.ctx.ref.ukRegions.map((r) => r.id), rng.int(1, 2)) : [],
      actualUkRegionIds: win ? [site?.ukRegionId ?? ukCompany!.ukRegionId] : [],
      deliveryPartnerIds: win ? rng.sample(ref.deliveryPartnerIds, rng.int(1, 2)) : [],
      specificProgrammeIds: win ? rng.sample(ref.programmeIds, 1) : [],
      competitorCountryIds: consideringOthers ? rng.sample(this.ctx.ref.otherCountryIds, rng.int(1, 3)) : [],
    };
    const missing = missingFields(state, STAGES[stageIndex].order);
    if (missing.length) throw new Error(`seedDemo: a project at ${STAGE_NAMES[stageIndex]} lacks ${missing.map((r) => r.field).join(', ')}`);

    // The stage log: entered Prospect when created, each later stage by whoever moved it there.
    // To Verify win only its PM or PAA may move it; to Won the verification team, here any colleague.
    const movedBy = [creator.id, crm.id, pm?.id, rng.pick([pm, paa])?.id, rng.pick(this.staff).id];
    stageMs.forEach((ms, i) => batch.stageLog.push({ id: ids.uuid(), investment_project_id: id, stage_id: STAGES[i].id, adviser_id: movedBy[i], created_on: iso(ms) }));
    this.addTeam(batch, id, [crm, creator, pm, paa]);
    for (const [key, spec] of Object.entries(LINKS) as Array<[keyof InvestmentProjectLists, TableSpec]>) {
      const rows = batch.links.get(spec) ?? [];
      for (const target of state[key]) rows.push({ [spec.columns[0]]: id, [spec.columns[1]]: target });
      batch.links.set(spec, rows);
    }

    // The value as the service computes it on every write: the multiplier of the sector GVA uses, if any.
    const sector = gvaSector(state);
    const gva = grossValueAdded(state, sector ? (ref.gvaBySector.get(sector) ?? null) : null);
    const modifiedMs = Math.max(statusMs, pmAssignedMs ?? 0);
    const row = projectRow({
      ...state,
      createdOn: iso(createdMs),
      createdById: creator.id,
      modifiedOn: iso(modifiedMs),
      modifiedById: modifiedMs === lastMoveMs ? movedBy[stageIndex] : rng.pick(this.staff).id,
      archived: false,
      countryInvestmentOriginatesFromId: investor.countryId,
      projectManagerFirstAssignedOn: pmAssignedMs === null ? null : iso(pmAssignedMs),
      projectManagerFirstAssignedById: pm ? crm.id : null,
      grossValueAdded: gva.grossValueAdded,
    });
    batch.projects.push({ ...row, gva_multiplier_id: gva.gvaMultiplierId });
  }

  private stageAndStatus(): readonly [number, InvestmentProjectStatus] {
    const { rng } = this.ctx;
    if (this.generated < EVERY_PAIR.length) return EVERY_PAIR[this.generated++];
    const stage = rng.weighted(STAGE_WEIGHTS);
    return [stage, stage === STAGES.length - 1 ? InvestmentProjectStatus.WON : rng.weighted(OPEN_STATUSES)];
  }

  /** Three projects in four FDI (while FDI is enabled), the rest of another enabled type. */
  private investmentType(): string {
    const { rng } = this.ctx;
    const others = this.ref.investmentTypeIds.filter((t) => t !== REF_IDS.fdi);
    return this.ref.investmentTypeIds.includes(REF_IDS.fdi) && (rng.chance(0.75) || !others.length) ? REF_IDS.fdi : rng.pick(others);
  }

  /** When it entered each stage up to its own: Prospect at creation, each later one some of the time left after the one before. */
  private stageTimes(createdMs: number, count: number): number[] {
    const times = [createdMs];
    while (times.length < count) {
      const previous = times[times.length - 1];
      times.push(previous + 1 + Math.floor((this.ctx.nowMs - previous - 1) * this.ctx.rng.float() * 0.5));
    }
    return times;
  }

  /** Up to three colleagues besides the project's own advisers, from any team; one project in ten an adviser of a partner team (LEP or DA), each team alike. */
  private addTeam(batch: Batch, projectId: string, named: ReadonlyArray<AdviserRef | null>): void {
    const { rng, ids } = this.ctx;
    const taken = new Set(named.flatMap((a) => (a ? [a.id] : [])));
    const members = rng.sample(this.staff, rng.int(0, 3)).filter((a) => !taken.has(a.id));
    for (const adviser of members) batch.teamMembers.push({ id: ids.uuid(), investment_project_id: projectId, adviser_id: adviser.id, role: rng.pick(ROLES) });
    if (this.partnerTeams.length && rng.chance(0.1)) {
      batch.teamMembers.push({ id: ids.uuid(), investment_project_id: projectId, adviser_id: rng.pick(rng.pick(this.partnerTeams)), role: 'Partner adviser' });
    }
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The investment module's demo data: projects of the generated companies, in every stage and status. */
export const investmentProjectDemo: readonly DemoStep[] = [
  {
    name: 'investmentProjects',
    phase: 'extras',
    counts: { small: 300, medium: 10_000, large: 50_000 },
    run: async (tx, ctx, made, { count, progress }) => {
      const companies = madeBy(made, 'companies');
      const generator = new ProjectGenerator(ownContext(ctx, companies), await projectReference(tx), companies, madeBy(made, 'contactIds'), madeBy(made, 'advisers'));
      await generateAndWrite(
        Math.ceil(count / CHUNK),
        (chunk) => {
          const batch: Batch = { projects: [], links: new Map(), teamMembers: [], stageLog: [] };
          for (let i = chunk * CHUNK; i < Math.min(count, (chunk + 1) * CHUNK); i++) generator.add(batch);
          return batch;
        },
        async (batch) => {
          await writeBatch(tx, batch);
          progress.advance(batch.projects.length, 'investment projects');
        },
      );
      return count;
    },
  },
];
