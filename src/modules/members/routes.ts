import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http/context';
import { indicatorsByKey } from '../../platform/indicators/registry';
import { computeIndicators } from '../../platform/indicators/compute';
import { scopeOf } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { findUnitInScope, unitTypeName } from '../orgs';
import {
  cancelTransferBody,
  createMemberBody,
  decisionBody,
  memberDetail,
  memberFilters,
  memberIdParams,
  memberListQuery,
  memberPage,
  partyUnitPage,
  partyUnitQuery,
  reminderResult,
  returnTransferBody,
  settingsView,
  summaryQuery,
  summaryView,
  transferBody,
  transferIdParams,
  transferListQuery,
  transferPage,
  transferView,
  updateMemberBody,
  updateSettingsBody,
} from './contract';
import { decideMember } from './decisions';
import { exportMembers, registerMemberImport } from './excel';
import { summaryIndicatorKeys } from './indicators';
import { renderLetter } from './letter';
import { runProbationReminders } from './reminders';
import { bannerPathsOfScope, searchPartyUnits } from './queries';
import { createMember, getMember, listMembers, updateMember } from './service';
import { getMemberSettings, settingsViewOf, updateMemberSettings } from './settings';
import {
  acceptTransfer,
  cancelTransfer,
  confirmExternalTransfer,
  letterOf,
  listTransfers,
  requestTransfer,
  returnTransfer,
} from './transfers';

const tags = ['members'];

/** HTTP routes of the members module. */
export async function membersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'members.read' } as const;
  const write = { permission: 'members.write' } as const;
  const decide = { permission: 'members.decide' } as const;
  const transfer = { permission: 'members.transfer' } as const;

  r.get(
    '/api/members',
    {
      config: read,
      schema: {
        tags,
        summary: '党员名册（筛选、搜索、分页）',
        querystring: memberListQuery,
        response: { 200: memberPage },
      },
    },
    async (request) => listMembers(contextOf(request), request.query),
  );
  r.get(
    '/api/members/export',
    {
      config: read,
      schema: { tags, summary: '按当前筛选导出党员名册（Excel，身份证号脱敏）', querystring: memberFilters },
    },
    async (request, reply) => exportMembers(contextOf(request), request.query, reply),
  );
  registerMemberImport(app);
  r.get(
    '/api/members/units',
    {
      config: read,
      schema: {
        tags,
        summary: '授权范围内的党组织',
        querystring: partyUnitQuery,
        response: { 200: partyUnitPage },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const { rows, names, total } = await searchPartyUnits(ctx.db, ctx.scope, request.query);
      return {
        items: rows.map((u) => ({
          id: u.id,
          name: u.name,
          type: u.type,
          typeName: unitTypeName(u.type),
          pathNames: names.get(u.path) ?? u.name,
        })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );
  r.get(
    '/api/members/summary',
    {
      config: read,
      schema: {
        tags,
        summary: '党员名册统计（来自已登记的指标）',
        querystring: summaryQuery,
        response: { 200: summaryView },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const scope = request.query.unitId
        ? scopeOf([(await findUnitInScope(ctx.db, ctx.scope, request.query.unitId)).path])
        : ctx.scope;
      const year = Number(todayInChina().slice(0, 4));
      const period = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
      const definitions = indicatorsByKey(summaryIndicatorKeys);
      // One batch: the figures that split the roster read it once, and only counts are read.
      const computed = await computeIndicators({ db: ctx.db, scope, period, definitions, evidence: 'count' });
      return computed.map((outcome) => {
        if (!outcome.ok) throw outcome.error;
        const { definition, result } = outcome;
        return {
          key: definition.key,
          name: definition.name,
          unit: definition.unit,
          value: result.value,
          breakdown: result.breakdown?.map(({ key: k, label, value }) => ({ key: k, label, value })),
        };
      });
    },
  );
  r.get(
    '/api/members/settings',
    {
      config: read,
      schema: {
        tags,
        summary: '党员管理的本地设置（提醒天数、介绍信有效期等）',
        response: { 200: settingsView },
      },
    },
    async (request) => settingsViewOf(await getMemberSettings(contextOf(request).db)),
  );
  r.put(
    '/api/members/settings',
    {
      config: decide,
      schema: {
        tags,
        summary: '修改党员管理的本地设置（旗级组织部）',
        body: updateSettingsBody,
        response: { 200: settingsView },
      },
    },
    async (request) => updateMemberSettings(contextOf(request), request.body),
  );

  r.get(
    '/api/members/transfer-targets',
    {
      config: transfer,
      schema: {
        tags,
        summary: '可接收转接的党组织（本旗全部党组织）',
        querystring: partyUnitQuery,
        response: { 200: partyUnitPage },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const banners = scopeOf(await bannerPathsOfScope(ctx.db, ctx.scope));
      const { rows, names, total } = await searchPartyUnits(ctx.db, banners, request.query);
      return {
        items: rows.map((u) => ({
          id: u.id,
          name: u.name,
          type: u.type,
          typeName: unitTypeName(u.type),
          pathNames: names.get(u.path) ?? u.name,
        })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );
  r.get(
    '/api/members/transfers',
    {
      config: transfer,
      schema: {
        tags,
        summary: '组织关系转接（待接收 / 已发出）',
        querystring: transferListQuery,
        response: { 200: transferPage },
      },
    },
    async (request) => listTransfers(contextOf(request), request.query),
  );
  r.post(
    '/api/members/transfers/:id/accept',
    {
      config: transfer,
      schema: { tags, summary: '接收组织关系', params: transferIdParams, response: { 200: transferView } },
    },
    async (request) => acceptTransfer(contextOf(request), request.params.id),
  );
  r.post(
    '/api/members/transfers/:id/return',
    {
      config: transfer,
      schema: {
        tags,
        summary: '退回组织关系转接',
        params: transferIdParams,
        body: returnTransferBody,
        response: { 200: transferView },
      },
    },
    async (request) => returnTransfer(contextOf(request), request.params.id, request.body.reason),
  );
  r.post(
    '/api/members/transfers/:id/cancel',
    {
      config: transfer,
      schema: {
        tags,
        summary: '撤回组织关系转接',
        params: transferIdParams,
        body: cancelTransferBody,
        response: { 200: transferView },
      },
    },
    async (request) => cancelTransfer(contextOf(request), request.params.id, request.body.reason),
  );
  r.post(
    '/api/members/transfers/:id/confirm',
    {
      config: transfer,
      schema: {
        tags,
        summary: '确认转出本旗（已收到回执）',
        params: transferIdParams,
        response: { 200: transferView },
      },
    },
    async (request) => confirmExternalTransfer(contextOf(request), request.params.id),
  );
  r.get(
    '/api/members/transfers/:id/letter',
    {
      config: transfer,
      schema: {
        tags,
        summary: '打印组织关系介绍信（HTML）',
        params: transferIdParams,
        produces: ['text/html'],
      },
    },
    async (request, reply) => {
      const letter = await letterOf(contextOf(request), request.params.id);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(renderLetter(letter));
    },
  );

  r.post(
    '/api/members/reminders/run',
    {
      config: decide,
      schema: { tags, summary: '立即检查预备期届满并发送转正提醒', response: { 200: reminderResult } },
    },
    async (request) => runProbationReminders(contextOf(request).db),
  );

  r.get(
    '/api/members/:id',
    {
      config: read,
      schema: { tags, summary: '党员详情', params: memberIdParams, response: { 200: memberDetail } },
    },
    async (request) => getMember(contextOf(request), request.params.id),
  );
  r.post(
    '/api/members',
    {
      config: write,
      schema: { tags, summary: '登记党员', body: createMemberBody, response: { 200: memberDetail } },
    },
    async (request) => createMember(contextOf(request), request.body),
  );
  r.patch(
    '/api/members/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改党员信息',
        params: memberIdParams,
        body: updateMemberBody,
        response: { 200: memberDetail },
      },
    },
    async (request) => updateMember(contextOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/members/:id/decisions',
    {
      config: decide,
      schema: {
        tags,
        summary: '记录组织决定（转正、延长预备期、取消资格、停止党籍等）',
        params: memberIdParams,
        body: decisionBody,
        response: { 200: memberDetail },
      },
    },
    async (request) => decideMember(contextOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/members/:id/transfers',
    {
      config: transfer,
      schema: {
        tags,
        summary: '申请转出组织关系',
        params: memberIdParams,
        body: transferBody,
        response: { 200: transferView },
      },
    },
    async (request) => requestTransfer(contextOf(request), request.params.id, request.body),
  );
}
