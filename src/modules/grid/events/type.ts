// The grid event (网格事件) as a case type of the case engine: states, who may do what, clocks,
// escalation, rating and repeat detection. Defaults, not law: the deadlines here are the common
// practice of county grid centres (受理 within 1 working day, 办结 within 5 working days of acceptance,
// one 5-day extension) and are meant to become settings.
import { defineCaseType } from '../../../platform/cases';
import { AppError } from '../../../platform/errors';
import { notify } from '../../../platform/notifications/service';
import { todayInChina } from '../../../platform/time';
import { gridEventSettings } from './settings';

const workingDays = (amount: number) => ({ amount, unit: 'day' as const, basis: 'working' as const });

export const GRID_EVENT_TYPE = 'grid.event';

export const gridEventType = defineCaseType({
  key: GRID_EVENT_TYPE,
  name: '网格事件',
  module: 'grid',
  readPermission: 'grid.read',
  identityVisibleTo: 'grid.readIdentity',
  linkPermission: 'grid.dispatch',
  webPath: '/grid/events',
  states: [
    { key: 'submitted', name: '待受理' },
    { key: 'handling', name: '办理中' },
    { key: 'waiting', name: '待群众补充' },
    { key: 'replied', name: '待评价' },
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
      permission: 'grid.accept',
      effects: ['accept'],
    },
    {
      action: 'reject',
      name: '不予受理',
      from: ['submitted'],
      to: 'rejected',
      permission: 'grid.accept',
      requires: ['reason'],
      effects: ['accept', 'close'],
    },
    {
      action: 'dispatch',
      name: '分派',
      from: ['handling'],
      to: 'handling',
      permission: 'grid.dispatch',
      requires: ['unit'],
      effects: ['dispatch'],
    },
    {
      action: 'return',
      name: '退回',
      from: ['handling'],
      to: 'handling',
      permission: 'grid.handle',
      requires: ['unit', 'note'],
      effects: ['dispatch'],
    },
    {
      action: 'supervise',
      name: '督办',
      from: ['handling', 'waiting'],
      to: 'handling',
      permission: 'grid.dispatch',
      requires: ['note'],
    },
    {
      action: 'pause',
      name: '等待群众补充',
      from: ['handling'],
      to: 'waiting',
      permission: 'grid.handle',
      requires: ['reason'],
      effects: ['pause'],
    },
    {
      action: 'resume',
      name: '恢复办理',
      from: ['waiting'],
      to: 'handling',
      permission: 'grid.handle',
      effects: ['resume'],
    },
    {
      action: 'extend',
      name: '批准延期',
      from: ['handling'],
      to: 'handling',
      permission: 'grid.approve',
      requires: ['reason'],
      effects: ['extend'],
    },
    {
      action: 'reply',
      name: '办结答复',
      from: ['handling'],
      to: 'replied',
      permission: 'grid.handle',
      requires: ['note', 'attachments'],
      effects: ['close'],
    },
    {
      action: 'redo',
      name: '退回重办',
      from: ['replied'],
      to: 'handling',
      permission: 'grid.dispatch',
      requires: ['note'],
      effects: ['reopen'],
    },
    {
      action: 'rate',
      name: '群众评价',
      from: ['replied'],
      to: 'closed',
      permission: 'resident',
      requires: ['rating'],
      effects: ['rate'],
    },
    {
      action: 'close',
      name: '归档',
      from: ['replied'],
      to: 'closed',
      permission: 'grid.accept',
      requires: ['note'],
      // The resident has some days to rate first; after that staff close it unrated.
      guard: async (tx, current, now) => {
        const { closeUnratedAfterDays: days } = await gridEventSettings(tx);
        const repliedAt = current.closedAt ?? now;
        if (now.getTime() - repliedAt.getTime() < days * 86_400_000)
          throw new AppError('GRID_EVENT_CLOSE_EARLY', {
            params: { days, date: todayInChina(new Date(repliedAt.getTime() + days * 86_400_000)) },
          });
      },
    },
  ],
  clocks: { acceptBy: { duration: workingDays(1) }, closeBy: { duration: workingDays(5) } },
  extension: workingDays(5),
  escalationLadder: [
    { level: 1, name: '承办人', target: 'unit', afterOverdue: workingDays(0) },
    { level: 2, name: '单位负责人', target: 'unit', afterOverdue: workingDays(1) },
    { level: 3, name: '上级单位', target: 'parent', afterOverdue: workingDays(2) },
    { level: 4, name: '旗委领导', target: 'root', afterOverdue: workingDays(3) },
  ],
  rating: {
    reasons: [
      { code: 'solved', name: '问题已解决' },
      { code: 'fast', name: '办理及时' },
      { code: 'attitude', name: '态度好' },
      { code: 'slow', name: '办理慢' },
      { code: 'partly', name: '部分解决' },
      { code: 'notSolved', name: '未解决' },
    ],
    notSolvedCode: 'notSolved',
    reopenTo: 'handling',
  },
  repeat: { radiusMetres: 200, windowDays: 30, minSimilarity: 0.3 },
  onEscalate: async (tx, fired) => {
    // Addressed to everyone holding the permission at the target unit or above, once per step.
    await notify(tx, [
      {
        userId: null,
        unitId: fired.targetUnitId,
        permission: fired.step.level >= 3 ? 'grid.dispatch' : 'grid.handle',
        kind: 'grid.escalation',
        title: `网格事件超期${fired.step.name}督办：${fired.title}`,
        body: `该事件自 ${fired.overdueSince.toISOString().slice(0, 10)} 起超期，已升级至“${fired.step.name}”，请尽快办理。`,
        link: `/grid/events/${fired.caseId}`,
        dedupeKey: `grid.escalation:${fired.caseId}:${fired.step.level}`,
      },
    ]);
  },
});
