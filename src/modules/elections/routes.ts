import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendXlsx } from '../../platform/excel';
import { contextOf } from '../../platform/http/context';
import {
  createElectionBody,
  electionDetail,
  electionIdParams,
  electionsPage,
  listElectionsQuery,
  overviewView,
  postsPage,
  postsQuery,
  replacePostsBody,
  scopeQuery,
  settingsBody,
  targetBody,
  targetIdParams,
  targetView,
  termsPage,
  termsQuery,
  updateElectionBody,
  updateTargetBody,
  voidElectionBody,
} from './contract';
import { registerElectionImport } from './excel';
import { getOverview } from './overview';
import {
  createElection,
  electionsForExport,
  getElection,
  listElections,
  listPosts,
  listTerms,
  postsForExport,
  replacePosts,
  updateElection,
  voidElection,
} from './service';
import {
  createTarget,
  deleteTarget,
  getSettings,
  listTargets,
  updateSettings,
  updateTarget,
} from './targets';
import { committeeNames, electionUnitTypeNames } from './vocabulary';

const tags = ['elections'];
const percentText = (value: number | null) => (value === null ? '' : value);
const statusNames = { current: '任期内', expiring: '即将届满', expired: '已届满' } as const;

/** HTTP routes of the elections module. */
export async function electionsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'elections.read' } as const;
  const write = { permission: 'elections.write' } as const;
  const configure = { permission: 'elections.configure' } as const;

  r.get(
    '/api/elections/overview',
    {
      config: read,
      schema: { tags, summary: '换届选举总览', querystring: scopeQuery, response: { 200: overviewView } },
    },
    async (request) => getOverview(contextOf(request), request.query.unitId),
  );
  r.get(
    '/api/elections/overview/export',
    { config: read, schema: { tags, summary: '导出换届选举分苏木镇汇总（Excel）', querystring: scopeQuery } },
    async (request, reply) => {
      const overview = await getOverview(contextOf(request), request.query.unitId);
      const rows = [...overview.rollup, overview.total].map((row) => ({
        township: row.townshipName,
        gachaUnits: row.gacha.units,
        gachaElected: row.gacha.elected,
        gachaDual: row.gacha.dualRoleCount,
        gachaDualRate: percentText(row.gacha.dualRoleRate),
        gachaCross: percentText(row.gacha.crossRate),
        gachaWomen: percentText(row.gacha.womenShare),
        gachaAge: percentText(row.gacha.averageAge),
        communityUnits: row.community.units,
        communityElected: row.community.elected,
        communityDual: row.community.dualRoleCount,
        communityDualRate: percentText(row.community.dualRoleRate),
        communityCross: percentText(row.community.crossRate),
        communityWomen: percentText(row.community.womenShare),
        communityAge: percentText(row.community.averageAge),
      }));
      return sendXlsx(reply, {
        fileName: '换届选举汇总.xlsx',
        sheetName: '分苏木镇汇总',
        columns: [
          { key: 'township', header: '苏木镇', width: 16 },
          { key: 'gachaUnits', header: '嘎查数', width: 8 },
          { key: 'gachaElected', header: '嘎查已换届', width: 10 },
          { key: 'gachaDual', header: '嘎查一肩挑数', width: 12 },
          { key: 'gachaDualRate', header: '嘎查一肩挑比例(%)', width: 16 },
          { key: 'gachaCross', header: '嘎查交叉任职比例(%)', width: 18 },
          { key: 'gachaWomen', header: '嘎查女性比例(%)', width: 14 },
          { key: 'gachaAge', header: '嘎查平均年龄', width: 12 },
          { key: 'communityUnits', header: '社区数', width: 8 },
          { key: 'communityElected', header: '社区已换届', width: 10 },
          { key: 'communityDual', header: '社区一肩挑数', width: 12 },
          { key: 'communityDualRate', header: '社区一肩挑比例(%)', width: 16 },
          { key: 'communityCross', header: '社区交叉任职比例(%)', width: 18 },
          { key: 'communityWomen', header: '社区女性比例(%)', width: 14 },
          { key: 'communityAge', header: '社区平均年龄', width: 12 },
        ],
        rows,
      });
    },
  );
  r.get(
    '/api/elections/terms',
    {
      config: read,
      schema: { tags, summary: '任期届满情况', querystring: termsQuery, response: { 200: termsPage } },
    },
    async (request) => listTerms(contextOf(request), request.query),
  );
  r.get(
    '/api/elections/posts',
    {
      config: read,
      schema: { tags, summary: '两委任职人员', querystring: postsQuery, response: { 200: postsPage } },
    },
    async (request) => listPosts(contextOf(request), request.query),
  );
  r.get(
    '/api/elections/posts/export',
    {
      config: read,
      schema: {
        tags,
        summary: '按当前筛选导出两委任职人员（Excel，身份证号脱敏）',
        querystring: postsQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const rows = await postsForExport(contextOf(request), request.query);
      return sendXlsx(reply, {
        fileName: '两委任职人员.xlsx',
        sheetName: '两委任职人员',
        columns: [
          { key: 'pathNames', header: '嘎查（村）/社区', width: 40 },
          { key: 'roundYear', header: '换届年度', width: 10 },
          { key: 'electionDate', header: '选举日期', width: 12 },
          { key: 'name', header: '姓名', width: 12 },
          { key: 'idNumberMasked', header: '身份证号（脱敏）', width: 22 },
          { key: 'gender', header: '性别', width: 6 },
          { key: 'age', header: '年龄', width: 6 },
          { key: 'ethnicity', header: '民族', width: 10 },
          { key: 'committee', header: '组织', width: 16 },
          { key: 'postName', header: '职务', width: 10 },
          { key: 'education', header: '学历', width: 12 },
        ],
        rows: rows.map((p) => ({
          ...p,
          gender: p.gender === 'female' ? '女' : '男',
          committee: committeeNames[p.committee],
        })),
      });
    },
  );
  r.get(
    '/api/elections/export',
    {
      config: read,
      schema: {
        tags,
        summary: '按当前筛选导出换届记录（Excel）',
        querystring: listElectionsQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const rows = await electionsForExport(contextOf(request), request.query);
      return sendXlsx(reply, {
        fileName: '换届选举记录.xlsx',
        sheetName: '换届选举记录',
        columns: [
          { key: 'pathNames', header: '嘎查（村）/社区', width: 40 },
          { key: 'unitType', header: '类型', width: 10 },
          { key: 'roundYear', header: '换届年度', width: 10 },
          { key: 'session', header: '届次', width: 10 },
          { key: 'electionDate', header: '选举日期', width: 12 },
          { key: 'method', header: '选举方式', width: 12 },
          { key: 'termEnd', header: '任期届满', width: 12 },
          { key: 'status', header: '任期状态', width: 10 },
          { key: 'partyCount', header: '党组织委员数', width: 12 },
          { key: 'villagersCount', header: '村（居）委会委员数', width: 16 },
          { key: 'dualRole', header: '一肩挑', width: 8 },
          { key: 'crossRate', header: '交叉任职比例(%)', width: 14 },
          { key: 'voided', header: '已作废', width: 8 },
        ],
        rows: rows.map((e) => ({
          pathNames: e.pathNames,
          unitType: electionUnitTypeNames[e.unitType as 'gacha'] ?? e.unitType,
          roundYear: e.roundYear,
          session: e.session,
          electionDate: e.electionDate,
          method: e.method,
          termEnd: e.termEnd,
          status: statusNames[e.termStatus],
          partyCount: e.composition.partyCount,
          villagersCount: e.composition.villagersCount,
          dualRole: e.composition.dualRole ? '是' : '否',
          crossRate: percentText(e.composition.crossRate),
          voided: e.voided ? '是' : '',
        })),
      });
    },
  );
  registerElectionImport(app);
  r.get(
    '/api/elections/targets',
    { config: read, schema: { tags, summary: '换届目标', response: { 200: z.array(targetView) } } },
    async (request) => listTargets(contextOf(request)),
  );
  r.post(
    '/api/elections/targets',
    {
      config: configure,
      schema: { tags, summary: '新增换届目标', body: targetBody, response: { 200: targetView } },
    },
    async (request) => createTarget(contextOf(request), request.body),
  );
  r.patch(
    '/api/elections/targets/:id',
    {
      config: configure,
      schema: {
        tags,
        summary: '修改换届目标',
        params: targetIdParams,
        body: updateTargetBody,
        response: { 200: targetView },
      },
    },
    async (request) => updateTarget(contextOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/elections/targets/:id',
    { config: configure, schema: { tags, summary: '删除换届目标', params: targetIdParams } },
    async (request, reply) => {
      await deleteTarget(contextOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/elections/settings',
    { config: read, schema: { tags, summary: '换届参数', response: { 200: settingsBody } } },
    async (request) => getSettings(contextOf(request)),
  );
  r.put(
    '/api/elections/settings',
    {
      config: configure,
      schema: { tags, summary: '修改换届参数', body: settingsBody, response: { 200: settingsBody } },
    },
    async (request) => updateSettings(contextOf(request), request.body),
  );
  r.get(
    '/api/elections',
    {
      config: read,
      schema: {
        tags,
        summary: '换届记录列表',
        querystring: listElectionsQuery,
        response: { 200: electionsPage },
      },
    },
    async (request) => listElections(contextOf(request), request.query),
  );
  r.post(
    '/api/elections',
    {
      config: write,
      schema: { tags, summary: '登记换届', body: createElectionBody, response: { 200: electionDetail } },
    },
    async (request) => createElection(contextOf(request), request.body),
  );
  r.get(
    '/api/elections/:id',
    {
      config: read,
      schema: { tags, summary: '换届记录详情', params: electionIdParams, response: { 200: electionDetail } },
    },
    async (request) => getElection(contextOf(request), request.params.id),
  );
  r.patch(
    '/api/elections/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改换届记录',
        params: electionIdParams,
        body: updateElectionBody,
        response: { 200: electionDetail },
      },
    },
    async (request) => updateElection(contextOf(request), request.params.id, request.body),
  );
  r.put(
    '/api/elections/:id/posts',
    {
      config: write,
      schema: {
        tags,
        summary: '保存两委成员及职务',
        params: electionIdParams,
        body: replacePostsBody,
        response: { 200: electionDetail },
      },
    },
    async (request) => replacePosts(contextOf(request), request.params.id, request.body.posts),
  );
  r.post(
    '/api/elections/:id/void',
    {
      config: write,
      schema: {
        tags,
        summary: '作废换届记录',
        params: electionIdParams,
        body: voidElectionBody,
        response: { 200: electionDetail },
      },
    },
    async (request) => voidElection(contextOf(request), request.params.id, request.body.reason),
  );
}
