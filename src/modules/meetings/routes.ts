import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendXlsx } from '../../platform/excel';
import { contextOf } from '../../platform/http/context';
import { pageQuery } from '../orgs/contract';
import { complianceMatrix, listOpenItems, unitCompliance } from './complianceService';
import {
  calendarQuery,
  createMeetingBody,
  createRectificationBody,
  createRuleBody,
  exportMeetingsQuery,
  gradesBody,
  listMeetingsQuery,
  matrixQuery,
  matrixView,
  meetingDetail,
  meetingIdParams,
  meetingInput,
  meetingsPage,
  meetingView,
  openItemsPage,
  openItemsQuery,
  partyOrgPage,
  partyOrgQuery,
  rectificationsPage,
  rectificationsQuery,
  rectificationView,
  reviewBody,
  rosterQuery,
  rosterView,
  ruleIdParams,
  ruleView,
  tickResult,
  unitComplianceView,
  unitIdParams,
  updateRectificationBody,
  updateRuleBody,
  voidBody,
} from './contract';
import { createRule, listRules, updateRule } from './rules';
import {
  addRectification,
  calendarOf,
  createMeeting,
  getMeeting,
  getRoster,
  listMeetings,
  listRectifications,
  meetingsForExport,
  reviewMeeting,
  reviewQueue,
  searchPartyOrgs,
  setGrades,
  updateMeeting,
  updateRectification,
  voidMeeting,
} from './service';
import { runComplianceTick } from './tick';

const tags = ['meetings'];

/** HTTP routes of the meetings module. */
export async function meetingsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'meetings.read' } as const;
  const write = { permission: 'meetings.write' } as const;
  const review = { permission: 'meetings.review' } as const;
  const configure = { permission: 'meetings.configure' } as const;

  // Records ---------------------------------------------------------------------------------------
  r.get(
    '/api/meetings',
    {
      config: read,
      schema: {
        tags,
        summary: '组织生活记录列表',
        querystring: listMeetingsQuery,
        response: { 200: meetingsPage },
      },
    },
    async (request) => listMeetings(contextOf(request), request.query),
  );
  r.get(
    '/api/meetings/export',
    {
      config: read,
      schema: { tags, summary: '按当前筛选导出组织生活记录（Excel）', querystring: exportMeetingsQuery },
    },
    async (request, reply) => {
      const rows = await meetingsForExport(contextOf(request), request.query);
      return sendXlsx(reply, {
        fileName: '组织生活记录.xlsx',
        sheetName: '组织生活记录',
        columns: [
          { key: 'heldOn', header: '召开日期', width: 12 },
          { key: 'kindName', header: '类型', width: 14 },
          { key: 'unitName', header: '党组织', width: 24 },
          { key: 'pathNames', header: '组织路径', width: 40 },
          { key: 'topic', header: '主题', width: 30 },
          { key: 'place', header: '地点', width: 16 },
          { key: 'host', header: '主持人', width: 10 },
          { key: 'expectedFull', header: '应到正式党员', width: 12 },
          { key: 'presentFull', header: '实到正式党员', width: 12 },
          { key: 'expectedProbationary', header: '应到预备党员', width: 12 },
          { key: 'presentProbationary', header: '实到预备党员', width: 12 },
          { key: 'attendanceRate', header: '出席率（%）', width: 10 },
          { key: 'quorum', header: '到会人数过半', width: 12 },
          { key: 'reportingUnitName', header: '汇报单位', width: 20 },
          { key: 'statusName', header: '审核状态', width: 10 },
          { key: 'statusReason', header: '退回/作废原因', width: 24 },
        ],
        rows: rows.map((m) => ({ ...m, quorum: m.quorumMet === null ? '' : m.quorumMet ? '是' : '否' })),
      });
    },
  );
  r.get(
    '/api/meetings/calendar',
    {
      config: read,
      schema: {
        tags,
        summary: '某党组织的会议日历',
        querystring: calendarQuery,
        response: { 200: z.array(meetingView) },
      },
    },
    async (request) => calendarOf(contextOf(request), request.query),
  );
  r.get(
    '/api/meetings/roster',
    {
      config: read,
      schema: {
        tags,
        summary: '党组织在某日的党员名册（选择参会人员）',
        querystring: rosterQuery,
        response: { 200: rosterView },
      },
    },
    async (request) => getRoster(contextOf(request), request.query.unitId, request.query.on),
  );
  r.get(
    '/api/meetings/units',
    {
      config: read,
      schema: {
        tags,
        summary: '可记录组织生活的党组织（搜索）',
        querystring: partyOrgQuery,
        response: { 200: partyOrgPage },
      },
    },
    async (request) => searchPartyOrgs(contextOf(request), request.query),
  );
  r.get(
    '/api/meetings/review-queue',
    {
      config: review,
      schema: {
        tags,
        summary: '待本级审核的下级组织生活记录',
        querystring: z.object(pageQuery),
        response: { 200: meetingsPage },
      },
    },
    async (request) => reviewQueue(contextOf(request), request.query),
  );
  r.post(
    '/api/meetings',
    {
      config: write,
      schema: { tags, summary: '记录组织生活', body: createMeetingBody, response: { 200: meetingDetail } },
    },
    async (request) => createMeeting(contextOf(request), request.body),
  );

  // Rules -----------------------------------------------------------------------------------------
  r.get(
    '/api/meetings/rules',
    {
      config: read,
      schema: { tags, summary: '组织生活规则（本地设置）', response: { 200: z.array(ruleView) } },
    },
    async (request) => listRules(contextOf(request)),
  );
  r.post(
    '/api/meetings/rules',
    {
      config: configure,
      schema: { tags, summary: '新增组织生活规则', body: createRuleBody, response: { 200: ruleView } },
    },
    async (request) => createRule(contextOf(request), request.body),
  );
  r.patch(
    '/api/meetings/rules/:id',
    {
      config: configure,
      schema: {
        tags,
        summary: '修改组织生活规则',
        params: ruleIdParams,
        body: updateRuleBody,
        response: { 200: ruleView },
      },
    },
    async (request) => updateRule(contextOf(request), request.params.id, request.body),
  );

  // Compliance ------------------------------------------------------------------------------------
  r.get(
    '/api/meetings/compliance',
    {
      config: read,
      schema: {
        tags,
        summary: '组织生活合规矩阵（组织 × 活动）',
        querystring: matrixQuery,
        response: { 200: matrixView },
      },
    },
    async (request) => complianceMatrix(contextOf(request), request.query),
  );
  r.get(
    '/api/meetings/compliance/open',
    {
      config: read,
      schema: {
        tags,
        summary: '未关闭的组织生活预警和逾期事项',
        querystring: openItemsQuery,
        response: { 200: openItemsPage },
      },
    },
    async (request) => listOpenItems(contextOf(request), request.query),
  );
  r.get(
    '/api/meetings/compliance/units/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '某党组织本周期的组织生活完成情况',
        params: unitIdParams,
        response: { 200: unitComplianceView },
      },
    },
    async (request) => unitCompliance(contextOf(request), request.params.id),
  );
  r.post(
    '/api/meetings/compliance/run',
    {
      config: configure,
      schema: { tags, summary: '立即运行合规检查并发送提醒', response: { 200: tickResult } },
    },
    async (request) => runComplianceTick(contextOf(request).db),
  );

  // Rectification items ---------------------------------------------------------------------------
  r.get(
    '/api/meetings/rectifications',
    {
      config: read,
      schema: {
        tags,
        summary: '组织生活会整改事项',
        querystring: rectificationsQuery,
        response: { 200: rectificationsPage },
      },
    },
    async (request) => listRectifications(contextOf(request), request.query),
  );
  r.patch(
    '/api/meetings/rectifications/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '更新整改事项进度',
        params: z.object({ id: z.uuid({ error: '整改事项编号格式不正确' }).describe('整改事项编号') }),
        body: updateRectificationBody,
        response: { 200: rectificationView },
      },
    },
    async (request) => updateRectification(contextOf(request), request.params.id, request.body),
  );

  // One record ------------------------------------------------------------------------------------
  r.get(
    '/api/meetings/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '组织生活记录详情',
        params: meetingIdParams,
        response: { 200: meetingDetail },
      },
    },
    async (request) => getMeeting(contextOf(request), request.params.id),
  );
  r.put(
    '/api/meetings/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '更正组织生活记录（退回的记录更正后重新提交）',
        params: meetingIdParams,
        body: meetingInput,
        response: { 200: meetingDetail },
      },
    },
    async (request) => updateMeeting(contextOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/meetings/:id/review',
    {
      config: review,
      schema: {
        tags,
        summary: '上级党组织审核（通过或退回）',
        params: meetingIdParams,
        body: reviewBody,
        response: { 200: meetingDetail },
      },
    },
    async (request) => reviewMeeting(contextOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/meetings/:id/void',
    {
      config: write,
      schema: {
        tags,
        summary: '作废组织生活记录（注明原因）',
        params: meetingIdParams,
        body: voidBody,
        response: { 200: meetingDetail },
      },
    },
    async (request) => voidMeeting(contextOf(request), request.params.id, request.body.reason),
  );
  r.post(
    '/api/meetings/:id/rectifications',
    {
      config: write,
      schema: {
        tags,
        summary: '添加组织生活会整改事项',
        params: meetingIdParams,
        body: createRectificationBody,
        response: { 200: rectificationView },
      },
    },
    async (request) => addRectification(contextOf(request), request.params.id, request.body),
  );
  r.put(
    '/api/meetings/:id/grades',
    {
      config: write,
      schema: {
        tags,
        summary: '登记民主评议党员等次',
        params: meetingIdParams,
        body: gradesBody,
        response: { 200: meetingDetail },
      },
    },
    async (request) => setGrades(contextOf(request), request.params.id, request.body.grades),
  );
}
