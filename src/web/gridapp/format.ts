// Small display helpers, China time.
import type { ItemStatus } from './outbox-types';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

export function when(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

export const statusText: Record<ItemStatus, string> = {
  draft: '草稿',
  recording: '巡查中',
  queued: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '失败',
};

/** Badge colour class of a grid event state. */
export function stateTone(state: string, overdue: boolean): string {
  if (overdue) return 'tone-red';
  if (state === 'submitted') return 'tone-orange';
  if (state === 'closed') return 'tone-green';
  if (state === 'rejected') return 'tone-grey';
  return 'tone-blue';
}

/** The non-empty parts joined with a middle dot. */
export function meta(...parts: Array<string | null | undefined | unknown>): string {
  return parts.filter((part) => typeof part === 'string' && part !== '').join(' · ');
}
