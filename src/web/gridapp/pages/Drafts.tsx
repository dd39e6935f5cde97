import { statusText, when } from '../format';
import type { OutboxItem } from '../outbox-types';
import { go } from '../route';
import { outbox, queueAndSend, useGridApp } from '../state';

const tone: Record<OutboxItem['status'], string> = {
  draft: 'tone-grey',
  recording: 'tone-blue',
  queued: 'tone-orange',
  sending: 'tone-blue',
  sent: 'tone-green',
  failed: 'tone-red',
};

function titleOf(item: OutboxItem): string {
  return item.kind === 'report'
    ? item.report.title || '（未填标题）'
    : `巡查 · ${item.patrol.gridName}（${item.patrol.track.length} 个位置点）`;
}

/** 草稿箱: every draft, queued item and patrol on this phone with its sending state and reason. */
export function Drafts() {
  const app = useGridApp();

  const remove = async (item: OutboxItem) => {
    if (item.status !== 'sent' && !window.confirm(`删除“${titleOf(item)}”？删除后无法恢复。`)) return;
    await outbox.remove(item.id);
  };

  return (
    <section className="page">
      <div className="toolbar">
        <h2>草稿箱</h2>
        {app.pending > 0 && (
          <button type="button" className="link" onClick={() => void app.sendNow()} disabled={!app.online}>
            立即发送
          </button>
        )}
      </div>
      {app.items.length === 0 && (
        <div className="empty">
          <p>没有草稿和待发送的上报</p>
          <button type="button" className="primary" onClick={() => go('report')}>
            上报事件
          </button>
        </div>
      )}
      <ul className="cards">
        {app.items.map((item) => (
          <li key={item.id} className="card" data-testid="outbox-item">
            <span className="card-head">
              <strong>{titleOf(item)}</strong>
              <span className={`badge ${tone[item.status]}`} data-testid="outbox-status">
                {statusText[item.status]}
              </span>
            </span>
            <span className="muted small">
              {when(item.createdAt)}
              {item.kind === 'report' && item.photos.length > 0 && ` · ${item.photos.length} 张照片`}
              {item.status === 'queued' && item.attempts > 0 && ` · 已重试 ${item.attempts} 次`}
            </span>
            {item.error && item.status !== 'sent' && <span className="error small">{item.error}</span>}
            {item.status === 'sent' && item.result && (
              <span className="small">
                {item.kind === 'report'
                  ? `已上报，查询编号 ${item.result.code ?? item.result.id}`
                  : '巡查记录已上传'}
              </span>
            )}
            <span className="row">
              {item.kind === 'report' && (item.status === 'draft' || item.status === 'failed') && (
                <button type="button" onClick={() => go(`report/${item.id}`)}>
                  修改
                </button>
              )}
              {item.status === 'draft' && item.kind === 'report' && (
                <button type="button" onClick={() => void queueAndSend(item, app)}>
                  提交
                </button>
              )}
              {item.status === 'sent' && item.kind === 'report' && item.result && (
                <button type="button" onClick={() => go(`event/${item.result?.id}`)}>
                  查看事件
                </button>
              )}
              {item.status !== 'sending' && item.status !== 'recording' && (
                <button type="button" className="danger" onClick={() => void remove(item)}>
                  删除
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
