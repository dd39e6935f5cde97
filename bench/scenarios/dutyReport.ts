// The duty report: re-drafting one (every placeholder filled from the indicators for its unit and
// year) and exporting it as .docx.
import { samplesRow } from '../harness';
import { chinaToday, type Scenario } from './context';

interface DutyReportView {
  id: string;
  unitId: string;
  status: string;
  year: number;
}

export const dutyReportScenario: Scenario = {
  name: 'dutyReport',
  title: 'duty report',
  async run(ctx) {
    const staff = await ctx.session('staff');
    const { root } = ctx.fixtures;
    const year = Number(chinaToday().slice(0, 4));
    const reports = await staff.get<{ items: DutyReportView[] }>('/api/reports/duty?pageSize=100');
    const drafts = reports.items.filter((r) => r.status === 'draft');
    let report = drafts.find((r) => r.unitId === root.id && r.year === year) ?? drafts[0];
    if (!report) {
      const members = await staff.get<{ items: Array<{ personId: string }> }>('/api/members?pageSize=1');
      const authorId = members.items[0]?.personId;
      if (!authorId) throw new Error('no person to author a duty report');
      report = await staff.post<DutyReportView>('/api/reports/duty', {
        authorId,
        unitId: root.id,
        year,
        posts: [{ title: '党委书记', unitId: root.id, from: `${year}-01-01`, supervisedUnitIds: [] }],
      });
    }
    const id = report.id;
    const draft = await ctx.sample(() => staff.post(`/api/reports/duty/${id}/draft`), { min: 3, max: 10 });
    let bytes = 0;
    const docx = await ctx.sample(
      async () => {
        bytes = (await (await staff.fetch(`/api/reports/duty/${id}/docx`)).arrayBuffer()).byteLength;
      },
      { min: 3, max: 10 },
    );
    return [
      samplesRow({
        scenario: 'dutyReport',
        key: 'dutyReport.draft',
        title: `re-draft the ${report.year} duty report (every figure from the indicators)`,
        figure: draft,
        limitMs: 1000,
      }),
      samplesRow({
        scenario: 'dutyReport',
        key: 'dutyReport.docx',
        title: `export it as .docx (${Math.round(bytes / 1024)} KB)`,
        figure: docx,
        limitMs: 1000,
      }),
    ];
  },
};
