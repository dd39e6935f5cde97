import { useEffect, useState } from 'react';
import { when } from '../format';
import { PATROL_INTERVAL_MS, startPatrol, stopPatrol, usePatrol } from '../patrol';
import { go } from '../route';
import { useGridApp } from '../state';

function elapsed(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} 小时 ${m} 分` : `${m} 分 ${seconds % 60} 秒`;
}

/** 巡查: start and stop a patrol in one of my grids; positions are kept on the phone as they come. */
export function Patrol() {
  const app = useGridApp();
  const patrol = usePatrol(app.me?.user.id);
  const [gridId, setGridId] = useState('');
  const [note, setNote] = useState('');
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (!patrol.active) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [patrol.active]);

  useEffect(() => {
    if (!gridId && app.grids.length > 0) setGridId(app.grids[0]!.id);
  }, [gridId, app.grids]);

  if (app.grids.length === 0)
    return (
      <section className="page">
        <h2>巡查</h2>
        <div className="empty">
          <p>您还没有负责的网格，无法开始巡查。请联系所在嘎查/社区配备网格。</p>
        </div>
      </section>
    );

  const active = patrol.active;
  return (
    <section className="page form">
      <h2>巡查</h2>
      {active ? (
        <div className="panel">
          <p>
            <span className="badge tone-blue">巡查中</span> {active.patrol.gridName}
          </p>
          <p className="big">{elapsed(active.patrol.startedAt, now)}</p>
          <p className="small muted">
            开始于 {when(active.patrol.startedAt)} · 已记录 {active.patrol.track.length} 个位置点（每{' '}
            {PATROL_INTERVAL_MS / 1000} 秒一次）
          </p>
          {patrol.latest && (
            <p className="small muted">
              当前位置 {patrol.latest.lat.toFixed(5)}, {patrol.latest.lng.toFixed(5)}
            </p>
          )}
          {patrol.error && <p className="error small">{patrol.error}</p>}
          <label>
            巡查情况（可选）
            <textarea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="row">
            <button type="button" onClick={() => go('report')}>
              发现问题，上报事件
            </button>
            <button
              type="button"
              className="primary danger-fill"
              onClick={async () => {
                await stopPatrol(note);
                setNote('');
                await app.sendNow();
                go('drafts');
              }}
            >
              结束巡查
            </button>
          </div>
        </div>
      ) : (
        <div className="panel">
          <label>
            巡查网格
            <select value={gridId} onChange={(e) => setGridId(e.target.value)}>
              {app.grids.map((grid) => (
                <option key={grid.id} value={grid.id}>
                  {grid.name}（{grid.unitName}）
                </option>
              ))}
            </select>
          </label>
          <p className="small muted">
            开始后每 {PATROL_INTERVAL_MS / 1000} 秒记录一次位置，离线也照常记录，结束后自动上传。
          </p>
          <button
            type="button"
            className="primary wide"
            onClick={() => {
              const grid = app.grids.find((g) => g.id === gridId);
              if (grid && app.me) void startPatrol(app.me.user.id, grid);
            }}
          >
            开始巡查
          </button>
        </div>
      )}
    </section>
  );
}
