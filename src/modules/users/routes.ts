import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assignmentView, userSummary } from '../../platform/auth/contract';
import { contextOf } from '../../platform/http/context';
import { pageQuery } from '../orgs/contract';
import {
  createUser,
  grantRole,
  listRoles,
  listUsers,
  resetPassword,
  revokeRole,
  unlockUser,
} from './service';

const tags = ['users'];
const userIdParams = z.object({ id: z.uuid({ error: '用户编号格式不正确' }) });
const userRow = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  mustChangePassword: z.boolean(),
  assignments: z.array(assignmentView),
});

/** User accounts (system admin), role grants and unlocking (security admin). */
export async function usersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags,
        summary: '用户列表',
        querystring: z.object({ q: z.string().trim().max(50).optional().describe('关键字'), ...pageQuery }),
        response: {
          200: z.object({
            items: z.array(userRow),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => listUsers(contextOf(request), request.query),
  );
  r.post(
    '/api/users',
    {
      config: { permission: 'users.write' },
      schema: {
        tags,
        summary: '新建用户（生成初始密码）',
        body: z.object({
          username: z
            .string()
            .trim()
            .min(3, '至少 3 个字符')
            .max(32)
            .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, '以字母开头，只能包含字母、数字、下划线、点和短横线')
            .describe('用户名'),
          displayName: z.string().trim().min(1).max(50).describe('姓名'),
        }),
        response: { 200: z.object({ user: userSummary, initialPassword: z.string() }) },
      },
    },
    async (request) => createUser(contextOf(request), request.body),
  );
  r.post(
    '/api/users/:id/reset-password',
    {
      config: { permission: 'users.write' },
      schema: {
        tags,
        summary: '重置密码',
        params: userIdParams,
        response: { 200: z.object({ initialPassword: z.string() }) },
      },
    },
    async (request) => resetPassword(contextOf(request), request.params.id),
  );
  r.post(
    '/api/users/:id/unlock',
    {
      config: { permission: 'users.unlock' },
      schema: { tags, summary: '解锁账号', params: userIdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await unlockUser(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/roles',
    {
      config: { permission: 'users.read' },
      schema: {
        tags,
        summary: '角色列表',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              key: z.string(),
              name: z.string(),
              description: z.string().nullable(),
              permissions: z.array(z.string()),
            }),
          ),
        },
      },
    },
    async (request) => listRoles(contextOf(request).db),
  );
  r.post(
    '/api/users/:id/assignments',
    {
      config: { permission: 'roles.assign' },
      schema: {
        tags,
        summary: '授予角色',
        params: userIdParams,
        body: z.object({
          roleId: z.uuid({ error: '请选择角色' }).describe('角色'),
          unitId: z.uuid({ error: '请选择单位' }).describe('单位'),
        }),
        response: { 200: assignmentView },
      },
    },
    async (request) => grantRole(contextOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/assignments/:id',
    {
      config: { permission: 'roles.assign' },
      schema: {
        tags,
        summary: '撤销角色',
        params: z.object({ id: z.uuid({ error: '授权编号格式不正确' }) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeRole(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
