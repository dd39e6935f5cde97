// Meetings compliance: the matrix of every Party organisation in scope (the whole league) against every
// rule, for one quarter — the whole evaluation runs for each page, so one page of 20 costs it all.
import { samplesRow } from '../harness';
import { reportingPeriod, type Scenario } from './context';

export const complianceScenario: Scenario = {
  name: 'compliance',
  title: 'meetings compliance',
  async run(ctx) {
    const staff = await ctx.session('staff');
    const { year, quarter } = reportingPeriod();
    const url = `/api/meetings/compliance?year=${year}&quarter=${quarter}&page=1&pageSize=20`;
    let organisations = 0;
    const figure = await ctx.sample(
      async () => {
        organisations = (await staff.get<{ total: number }>(url)).total;
      },
      { min: 3, max: 10 },
    );
    return [
      samplesRow({
        scenario: 'compliance',
        key: 'compliance.quarter',
        title: `compliance of ${organisations.toLocaleString('en-US')} Party organisations, ${year} Q${quarter}`,
        figure,
        limitMs: 2000,
      }),
    ];
  },
};
