// The 三问 item (问计 idea / 问需 need / 问政 question) as a case type of the case engine. Residents
// submit through the portal; the banner routes each item to a unit, the unit replies, the resident
// rates. Defaults, not law (RULES.md names no deadline for 三问): routing within 3 working days of
// submission, a reply within 15 working days of submission.
import { defineCaseType } from '../../platform/cases';

const workingDays = (amount: number) => ({ amount, unit: 'day' as const, basis: 'working' as const });

export const VOICE_ITEM_TYPE = 'voice.item';

/** Default deadlines of a 三问 item, in working days. */
export const VOICE_ROUTE_WORKING_DAYS = 3;
export const VOICE_REPLY_WORKING_DAYS = 15;

/** The three kinds of 三问 item, with their Chinese names. */
export const voiceKinds = [
  { key: 'idea', name: '问计' },
  { key: 'need', name: '问需' },
  { key: 'question', name: '问政' },
] as const;
export type VoiceKind = (typeof voiceKinds)[number]['key'];
export const voiceKindKeys = voiceKinds.map((k) => k.key) as [VoiceKind, ...VoiceKind[]];

/** The Chinese name of a kind (the key when unknown). */
export function voiceKindName(kind: unknown): string {
  return voiceKinds.find((k) => k.key === kind)?.name ?? String(kind ?? '');
}

/** Reasons a resident may give with a rating; "notSolved" reopens the item. */
export const voiceRatingReasons = [
  { code: 'timely', name: '答复及时' },
  { code: 'helpful', name: '答复解决了问题' },
  { code: 'attitude', name: '态度好' },
  { code: 'unclear', name: '答复不清楚' },
  { code: 'slow', name: '答复太慢' },
  { code: 'notSolved', name: '问题未解决' },
] as const;

export const voiceItemType = defineCaseType({
  key: VOICE_ITEM_TYPE,
  name: '三问事项',
  module: 'voice',
  readPermission: 'voice.read',
  identityVisibleTo: 'voice.readIdentity',
  linkPermission: 'voice.route',
  webPath: '/voice/items',
  states: [
    { key: 'submitted', name: '待分办' },
    { key: 'handling', name: '办理中' },
    { key: 'replied', name: '已答复' },
    { key: 'closed', name: '已办结', final: true },
    { key: 'rejected', name: '不予受理', final: true },
  ],
  initialState: 'submitted',
  transitions: [
    {
      action: 'route',
      name: '分办',
      from: ['submitted'],
      to: 'handling',
      permission: 'voice.route',
      requires: ['unit'],
      effects: ['accept', 'dispatch'],
    },
    {
      action: 'reject',
      name: '不予受理',
      from: ['submitted'],
      to: 'rejected',
      permission: 'voice.route',
      requires: ['reason'],
      effects: ['accept', 'close'],
    },
    {
      action: 'reroute',
      name: '改派',
      from: ['handling'],
      to: 'handling',
      permission: 'voice.route',
      requires: ['unit', 'note'],
      effects: ['dispatch'],
    },
    {
      // The handling unit sends the item back to the unit that routed it (the service fills the unit).
      action: 'return',
      name: '退回',
      from: ['handling'],
      to: 'submitted',
      permission: 'voice.reply',
      requires: ['unit', 'reason'],
      effects: ['dispatch'],
    },
    {
      action: 'reply',
      name: '答复',
      from: ['handling'],
      to: 'replied',
      permission: 'voice.reply',
      requires: ['note'],
      effects: ['close'],
    },
    {
      action: 'redo',
      name: '退回重办',
      from: ['replied'],
      to: 'handling',
      permission: 'voice.route',
      requires: ['note'],
      effects: ['reopen'],
    },
    {
      action: 'close',
      name: '办结',
      from: ['replied'],
      to: 'closed',
      permission: 'voice.route',
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
  ],
  clocks: {
    acceptBy: { duration: workingDays(VOICE_ROUTE_WORKING_DAYS) },
    closeBy: { duration: workingDays(VOICE_REPLY_WORKING_DAYS), startsAt: 'created' },
  },
  escalationLadder: [
    { level: 1, name: '承办单位', target: 'unit', afterOverdue: workingDays(0) },
    { level: 2, name: '上级单位', target: 'parent', afterOverdue: workingDays(2) },
    { level: 3, name: '旗委', target: 'root', afterOverdue: workingDays(5) },
  ],
  rating: { reasons: voiceRatingReasons, notSolvedCode: 'notSolved', reopenTo: 'handling' },
  repeat: { radiusMetres: 300, windowDays: 60, minSimilarity: 0.35 },
});
