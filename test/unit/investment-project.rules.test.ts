import { describe, expect, it } from 'vitest';
import { InvestmentProjectStatus } from '../../src/modules/investment/investment-project.entity.js';
import { checkStageMove, statusAfterStageChange } from '../../src/modules/investment/investment-project.rules.js';
import { incompleteFields, missingFields, nextStage, REF_IDS, STAGE } from '../../src/modules/investment/investment-project.stages.js';
import type { InvestmentProjectState } from '../../src/modules/investment/investment-project.state.js';
import { grossValueAdded, gvaSector } from '../../src/modules/investment/investment-project.value.js';

/** A project with everything Prospect needs and nothing more. */
const prospect: InvestmentProjectState = {
  stageId: STAGE.prospect.id,
  status: InvestmentProjectStatus.ONGOING,
  name: 'Plant', description: 'A plant', investmentTypeId: REF_IDS.fdi, fdiTypeId: 'fdi-type', reasonDelayed: null, reasonAbandoned: null,
  dateAbandoned: null, reasonLost: null, dateLost: null, countryLostToId: null, estimatedLandDate: '2027-01-01', actualLandDate: null,
  likelihoodToLandId: null, priority: null, investorCompanyId: 'c1', intermediateCompanyId: null, ukCompanyId: null,
  clientRelationshipManagerId: 'a1', referralSourceAdviserId: 'a1', referralSourceActivityId: 'direct', referralSourceActivityEvent: null,
  referralSourceActivityMarketingId: null, referralSourceActivityWebsiteId: null, sectorId: 's1', otherBusinessActivity: null,
  clientCannotProvideTotalInvestment: null, totalInvestment: null, clientCannotProvideForeignInvestment: null, foreignEquityInvestment: null,
  governmentAssistance: null, numberNewJobs: null, averageSalaryId: null, numberSafeguardedJobs: null, rAndDBudget: null, nonFdiRAndDBudget: null,
  newTechToUk: null, exportRevenue: null, fdiValueId: null, clientRequirements: null, clientConsideringOtherCountries: null,
  siteAddressIsCompanyAddress: null, address1: null, address2: null, addressTown: null, addressPostcode: null, projectManagerId: null,
  projectAssuranceAdviserId: null, projectManagerRequestStatusId: null, investorTypeId: null, levelOfInvolvementId: null,
  clientContactIds: ['k1'], businessActivityIds: ['b1'], strategicDriverIds: [], ukRegionLocationIds: [], actualUkRegionIds: [],
  deliveryPartnerIds: [], specificProgrammeIds: [], competitorCountryIds: [],
};

const missing = (over: Partial<InvestmentProjectState>, order: number, only?: string[]) =>
  missingFields({ ...prospect, ...over }, order, only && new Set(only)).map((r) => r.field);

describe('stage requirements', () => {
  it('Prospect needs the FDI type of an FDI project only, and the field an activity or "Other" calls for', () => {
    expect(missing({}, STAGE.prospect.order)).toEqual([]);
    expect(missing({ fdiTypeId: null }, STAGE.prospect.order)).toEqual(['fdiTypeId']);
    expect(missing({ fdiTypeId: null, investmentTypeId: 'non-fdi' }, STAGE.prospect.order)).toEqual([]);
    expect(missing({ referralSourceActivityId: REF_IDS.referralEvent }, STAGE.prospect.order)).toEqual(['referralSourceActivityEvent']);
    expect(missing({ businessActivityIds: [REF_IDS.otherBusinessActivity] }, STAGE.prospect.order)).toEqual(['otherBusinessActivity']);
  });

  it('each stage needs its own fields and every earlier one, conditional ones only when their answer calls for them', () => {
    expect(missing({}, STAGE.assignPm.order)).toEqual(['clientCannotProvideTotalInvestment', 'strategicDriverIds', 'clientRequirements', 'clientConsideringOtherCountries', 'ukRegionLocationIds']);
    expect(missing({ clientCannotProvideTotalInvestment: false, clientConsideringOtherCountries: true }, STAGE.assignPm.order)).toContain('totalInvestment');
    expect(missing({ clientCannotProvideTotalInvestment: true, clientConsideringOtherCountries: true }, STAGE.assignPm.order)).toContain('competitorCountryIds');
    expect(missing({ clientCannotProvideTotalInvestment: true }, STAGE.assignPm.order)).not.toContain('totalInvestment');
    expect(missing({}, STAGE.active.order).slice(-3)).toEqual(['projectManagerId', 'projectAssuranceAdviserId', 'likelihoodToLandId']);
    expect(missing({ numberNewJobs: 3 }, STAGE.verifyWin.order)).toContain('averageSalaryId');
    expect(missing({ numberNewJobs: 0 }, STAGE.verifyWin.order)).not.toContain('averageSalaryId');
    // false is an answer; blank text and empty lists are not.
    expect(missing({ clientCannotProvideTotalInvestment: false, totalInvestment: 0, clientRequirements: '  ' }, STAGE.assignPm.order)).toEqual([
      'strategicDriverIds', 'clientRequirements', 'clientConsideringOtherCountries', 'ukRegionLocationIds',
    ]);
  });

  it('a partial edit checks only the fields it touches', () => {
    expect(missing({}, STAGE.active.order, ['description'])).toEqual([]);
    expect(missing({ clientRequirements: null }, STAGE.active.order, ['clientRequirements'])).toEqual(['clientRequirements']);
  });

  it('incompleteFields is what the next stage needs; nothing at Won', () => {
    expect(incompleteFields(prospect)).toEqual(missing({}, STAGE.assignPm.order));
    expect(incompleteFields({ ...prospect, stageId: STAGE.won.id })).toEqual([]);
    expect(nextStage(STAGE.verifyWin.id)).toEqual(STAGE.won);
  });
});

describe('stage moves', () => {
  const actor = (adviserId: string | null, changeToAnyStage = false) => ({ adviserId, changeToAnyStage });
  const active = { ...prospect, stageId: STAGE.active.id, projectManagerId: 'pm', projectAssuranceAdviserId: 'paa' };

  it('forward to Verify win only by the PM or the PAA; back by anyone who may change the project', () => {
    expect(() => checkStageMove(active, STAGE.verifyWin.id, actor('someone'))).toThrow(/project manager or the project assurance adviser/);
    expect(() => checkStageMove(active, STAGE.verifyWin.id, actor(null))).toThrow();
    expect(() => checkStageMove(active, STAGE.verifyWin.id, actor('pm'))).not.toThrow();
    expect(() => checkStageMove(active, STAGE.verifyWin.id, actor('paa'))).not.toThrow();
    expect(() => checkStageMove({ ...active, stageId: STAGE.won.id }, STAGE.verifyWin.id, actor('someone'))).not.toThrow();
  });

  it('forward to Won only with change_to_any_stage_investmentproject', () => {
    const verify = { ...active, stageId: STAGE.verifyWin.id };
    expect(() => checkStageMove(verify, STAGE.won.id, actor('pm'))).toThrow(/Verification Team/);
    expect(() => checkStageMove(verify, STAGE.won.id, actor('ivt', true))).not.toThrow();
  });

  it('entering Won makes the project won; leaving Won makes a won project ongoing', () => {
    expect(statusAfterStageChange(STAGE.verifyWin.id, STAGE.won.id, InvestmentProjectStatus.DELAYED)).toBe(InvestmentProjectStatus.WON);
    expect(statusAfterStageChange(STAGE.won.id, STAGE.active.id, InvestmentProjectStatus.WON)).toBe(InvestmentProjectStatus.ONGOING);
    expect(statusAfterStageChange(STAGE.prospect.id, STAGE.active.id, InvestmentProjectStatus.DELAYED)).toBe(InvestmentProjectStatus.DELAYED);
  });
});

describe('gross value added', () => {
  it("is an FDI project's sector multiplier times its foreign equity investment (capital) or new jobs (labour)", () => {
    const project = { ...prospect, foreignEquityInvestment: 1_000_000, numberNewJobs: 40 };
    expect(grossValueAdded(project, { id: 'm', multiplier: 0.1234, classification: 'capital' })).toEqual({ gvaMultiplierId: 'm', grossValueAdded: 123_400 });
    expect(grossValueAdded(project, { id: 'm', multiplier: 51_234.5, classification: 'labour' })).toEqual({ gvaMultiplierId: 'm', grossValueAdded: 2_049_380 });
    expect(grossValueAdded({ ...project, foreignEquityInvestment: null }, { id: 'm', multiplier: 0.5, classification: 'capital' }).grossValueAdded).toBeNull();
  });

  it('uses Consumer and retail for a retail or sales project, and nothing for a non-FDI project or a retention', () => {
    expect(gvaSector({ ...prospect, businessActivityIds: ['a2dbd807-ae52-421c-8d1d-88adfc7a506b'] })).toBe('355f977b-8ac3-e211-a646-e4115bead28a');
    expect(gvaSector(prospect)).toBe('s1');
    expect(gvaSector({ ...prospect, investmentTypeId: 'non-fdi' })).toBeNull();
    expect(gvaSector({ ...prospect, fdiTypeId: '0657168e-8a58-4f37-914f-ec541556fc28' })).toBeNull();
    expect(grossValueAdded({ ...prospect, investmentTypeId: 'non-fdi', foreignEquityInvestment: 5 }, { id: 'm', multiplier: 1, classification: 'capital' })).toEqual({ gvaMultiplierId: null, grossValueAdded: null });
  });
});
