import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from '../api';
import { meta, stateTone, when } from '../format';
import { go } from '../route';
import { useGridApp } from '../state';
import type { GridEvent } from '../types';

const PAGE_SIZE = 20;
const OPEN = new Set(['submitted', 'handling', 'waiting', 'replied']);
/** How far down a pull at the top must go before it refreshes. */
const PULL_PX = 70;

/** Warms the service worker's cache so these events, and the photos of open ones, open offline too. */
function cacheDetails(events: GridEvent[]) {
  for (const event of events) {
    void fetch(`/api/grid/events/${event.id}`).catch(() => undefined);
    if (!OPEN.has(event.state)) continue;
    for (const fileId of event.attachmentIds) void fetch(`/api/files/${fileId}`).catch(() => undefined);
  }
}

/** 我的任务: events in my grids or reported by me, open ones first; pull down to refresh. */
export function Tasks() {
  const app = useGridApp();
  const [onlyOpen, setOnlyOpen] = useState(true);
  const [items, setItems] = useState<GridEvent[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [pull, setPull] = useState(0);
  const touchStart = useRef<number | null>(null);

  const load = useCallback(async (nextPage: number) => {
    setLoading(true);
    setError(null);
    try {
      const data = await get<{ total: number; items: GridEvent[] }>(
        `/api/grid/events?mine=true&page=${nextPage}&pageSize=${PAGE_SIZE}`,
      );
      setItems((previous) => (nextPage === 1 ? data.items : [...previous, ...data.items]));
      setTotal(data.total);
      setPage(nextPage);
      if (navigator.onLine) cacheDetails(data.items);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(1);
  }, [load]);

  const shown = onlyOpen ? items.filter((item) => OPEN.has(item.state)) : items;

  return (
    <section
      className="page"
      onTouchStart={(e) => {
        touchStart.current = window.scrollY === 0 ? (e.touches[0]?.clientY ?? null) : null;
      }}
      onTouchMove={(e) => {
        if (touchStart.current !== null)
          setPull(Math.max(0, (e.touches[0]?.clientY ?? 0) - touchStart.current));
      }}
      onTouchEnd={() => {
        if (pull > PULL_PX) void load(1);
        touchStart.current = null;
        setPull(0);
      }}
    >
      {pull > 0 && (
        <p className="pull" style={{ height: Math.min(pull, PULL_PX) }}>
          {pull > PULL_PX ? '松开刷新' : '下拉刷新'}
        </p>
      )}
      <div className="toolbar">
        <div className="segmented" role="tablist">
          <button type="button" role="tab" aria-selected={onlyOpen} onClick={() => setOnlyOpen(true)}>
            待办
          </button>
          <button type="button" role="tab" aria-selected={!onlyOpen} onClick={() => setOnlyOpen(false)}>
            全部
          </button>
        </div>
        <button type="button" className="link" onClick={() => void load(1)} disabled={loading}>
          {loading ? '加载中…' : '刷新'}
        </button>
      </div>
      {app.grids.length > 0 && (
        <p className="muted small">我的网格：{app.grids.map((grid) => grid.name).join('、')}</p>
      )}
      {error && <p className="notice">{error}</p>}
      {!loading && !error && shown.length === 0 && (
        <div className="empty">
          <p>{onlyOpen ? '没有待办事件' : '还没有事件'}</p>
          <button type="button" className="primary" onClick={() => go('report')}>
            上报事件
          </button>
        </div>
      )}
      <ul className="cards">
        {shown.map((event) => (
          <li key={event.id}>
            <button type="button" className="card" onClick={() => go(`event/${event.id}`)}>
              <span className="card-head">
                <strong>{event.title}</strong>
                <span className={`badge ${stateTone(event.state, event.overdue)}`}>
                  {event.overdue ? `${event.stateName}·超期` : event.stateName}
                </span>
              </span>
              <span className="muted small">
                {meta(event.code, event.details.gridName, when(event.createdAt))}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {items.length < total && (
        <button type="button" className="wide" onClick={() => void load(page + 1)} disabled={loading}>
          加载更多（{items.length}/{total}）
        </button>
      )}
    </section>
  );
}
