import { madeBy, type DemoStep } from '../../../seeds/demo/step.js';
import { seedCompanies, type CompanyRef } from './company.demo.js';
import { seedExportCountries } from './export-country.demo.js';
import { seedCompanyMerges, seedOneListCoreTeams } from './company.demo-one-list.js';

declare module '../../../seeds/demo/step.js' {
  interface DemoRecords {
    companies: CompanyRef[];
  }
}

/** The company module's demo data: companies among the first records; their export countries, One List core teams and merges once everything else is made. */
export const companyDemo: readonly DemoStep[] = [
  {
    name: 'companies',
    phase: 'records',
    counts: { small: 1_000, medium: 20_000, large: 100_000 },
    run: async (tx, ctx, made, { count, progress }) => {
      made.companies = await seedCompanies(tx, ctx, count, madeBy(made, 'advisers'), progress);
      return count;
    },
  },
  { name: 'exportCountries', phase: 'extras', run: (tx, ctx, made) => seedExportCountries(tx, ctx, madeBy(made, 'companies'), madeBy(made, 'advisers')) },
  { name: 'oneListCoreTeamMembers', phase: 'extras', run: (tx, _ctx, made) => seedOneListCoreTeams(tx, madeBy(made, 'advisers')) },
  { name: 'companyMerges', phase: 'extras', run: (tx) => seedCompanyMerges(tx) },
];
