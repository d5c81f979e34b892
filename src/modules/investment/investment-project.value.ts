import type { Row } from '../../db/read-model.js';
import { REF_IDS } from './investment-project.stages.js';
import type { InvestmentProjectState } from './investment-project.state.js';

/** Data Hub's ids the GVA calculation tests. */
export const GVA_IDS = {
  retentionFdiType: '0657168e-8a58-4f37-914f-ec541556fc28',
  retail: 'a2dbd807-ae52-421c-8d1d-88adfc7a506b',
  sales: '71946309-c92c-4c5b-9c42-8502cc74c72e',
  consumerAndRetailSector: '355f977b-8ac3-e211-a646-e4115bead28a',
} as const;

/**
 * The sector whose GVA multiplier a project's value uses (Data Hub's gva_utils): none unless it is FDI and not
 * a retention; Consumer and retail for a retail or sales project; otherwise its own sector.
 */
export function gvaSector(s: InvestmentProjectState): string | null {
  if (s.investmentTypeId !== REF_IDS.fdi || s.fdiTypeId === GVA_IDS.retentionFdiType) return null;
  if (s.businessActivityIds.some((id) => id === GVA_IDS.retail || id === GVA_IDS.sales)) return GVA_IDS.consumerAndRetailSector;
  return s.sectorId;
}

/**
 * A project's gross value added: its sector's multiplier times its foreign equity investment (a capital
 * sector) or its new jobs (a labour sector), rounded half up to a whole pound; null when either is missing.
 */
export function grossValueAdded(s: InvestmentProjectState, multiplier: Row | null): { gvaMultiplierId: string | null; grossValueAdded: number | null } {
  if (!multiplier || !gvaSector(s)) return { gvaMultiplierId: null, grossValueAdded: null };
  const base = multiplier.classification === 'labour' ? s.numberNewJobs : s.foreignEquityInvestment;
  const value = base === null ? null : Math.round(Number(multiplier.multiplier) * base);
  return { gvaMultiplierId: multiplier.id as string, grossValueAdded: value };
}
