import type { CaseTypeDefinition } from './definition';

/** A duration of working days, as case types write their clocks. */
export const wd = (amount: number) => ({ amount, unit: 'day' as const, basis: 'working' as const });

/**
 * A test-only case type for the engine's own tests, exercising every effect: nothing about grids, 三问
 * or petitions. Tests pass it through `defineCaseType`, changing the key where they need their own.
 */
export const sampleCaseType = {
  key: 'test.sample',
  name: '测试事项',
  module: 'test',
  readPermission: 'meetings.read',
  identityVisibleTo: 'people.read',
  states: [
    { key: 'submitted', name: '待受理' },
    { key: 'handling', name: '办理中' },
    { key: 'waiting', name: '等待群众补充' },
    { key: 'replied', name: '已答复' },
    { key: 'closed', name: '已办结', final: true },
    { key: 'rejected', name: '不予受理', final: true },
  ],
  initialState: 'submitted',
  transitions: [
    {
      action: 'accept',
      name: '受理',
      from: ['submitted'],
      to: 'handling',
      permission: 'meetings.write',
      effects: ['accept'],
    },
    {
      action: 'reject',
      name: '不予受理',
      from: ['submitted'],
      to: 'rejected',
      permission: 'meetings.write',
      requires: ['reason'],
      effects: ['accept', 'close'],
    },
    {
      action: 'dispatch',
      name: '交办',
      from: ['handling'],
      to: 'handling',
      permission: 'meetings.review',
      requires: ['unit'],
      effects: ['dispatch'],
    },
    {
      action: 'supervise',
      name: '督办',
      from: ['handling', 'waiting'],
      to: 'handling',
      permission: 'meetings.review',
      requires: ['note'],
    },
    {
      action: 'pause',
      name: '暂停计时',
      from: ['handling'],
      to: 'waiting',
      permission: 'meetings.write',
      requires: ['reason'],
      effects: ['pause'],
    },
    {
      action: 'resume',
      name: '恢复计时',
      from: ['waiting'],
      to: 'handling',
      permission: 'meetings.write',
      effects: ['resume'],
    },
    {
      action: 'extend',
      name: '延期',
      from: ['handling'],
      to: 'handling',
      permission: 'meetings.review',
      requires: ['reason'],
      effects: ['extend'],
    },
    {
      action: 'reply',
      name: '答复',
      from: ['handling'],
      to: 'replied',
      permission: 'meetings.write',
      requires: ['note', 'attachments'],
      effects: ['close'],
    },
    {
      action: 'return',
      name: '退回重办',
      from: ['replied'],
      to: 'handling',
      permission: 'meetings.review',
      requires: ['note'],
      effects: ['reopen'],
    },
    {
      action: 'rate',
      name: '评价',
      from: ['replied'],
      to: 'closed',
      permission: 'resident',
      requires: ['rating'],
      effects: ['rate'],
    },
  ],
  clocks: { acceptBy: { duration: wd(1) }, closeBy: { duration: wd(5) } },
  extension: wd(3),
  escalationLadder: [
    { level: 1, name: '承办人', target: 'unit', afterOverdue: wd(0) },
    { level: 2, name: '单位负责人', target: 'unit', afterOverdue: wd(1) },
    { level: 3, name: '上级单位', target: 'parent', afterOverdue: wd(2) },
    { level: 4, name: '旗领导', target: 'root', afterOverdue: wd(3) },
  ],
  rating: {
    reasons: [
      { code: 'fast', name: '办理及时' },
      { code: 'attitude', name: '态度好' },
      { code: 'notSolved', name: '问题未解决' },
    ],
    notSolvedCode: 'notSolved',
    reopenTo: 'handling',
  },
  repeat: { radiusMetres: 200, windowDays: 30, minSimilarity: 0.3 },
  linkPermission: 'meetings.write',
} satisfies CaseTypeDefinition;
