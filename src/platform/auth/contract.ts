import { z } from 'zod';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64).describe('用户名'),
  password: z.string().min(1).max(200).describe('密码'),
});

export const userSummary = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
});

export const assignmentView = z.object({
  id: z.string(),
  roleKey: z.string(),
  roleName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
});

export const loginResponse = z.object({ user: userSummary, csrfToken: z.string() });

export const meResponse = z.object({
  user: userSummary,
  csrfToken: z.string(),
  permissions: z.array(z.string()),
  assignments: z.array(assignmentView),
  activeAssignmentId: z.string().nullable(),
});

export const changePasswordBody = z.object({
  oldPassword: z.string().min(1).max(200).describe('原密码'),
  newPassword: z.string().min(1).max(200).describe('新密码'),
});

export const switchScopeBody = z.object({ assignmentId: z.uuid().nullable().describe('授权范围') });
