import { useEffect, useState } from 'react';
import { get } from '../api';
import { meta, stateTone, when } from '../format';
import { go } from '../route';
import type { EventDetail as Detail } from '../types';

/** One event with its timeline; opened pages stay readable offline (service worker cache). */
export function EventDetail({ id }: { id: string }) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDetail(null);
    setError(null);
    get<Detail>(`/api/grid/events/${id}`)
      .then(setDetail)
      .catch((failure: Error) => setError(failure.message));
  }, [id]);

  return (
    <section className="page">
      <button type="button" className="link back" onClick={() => go('tasks')}>
        ‹ 返回任务
      </button>
      {error && <p className="notice">{error}</p>}
      {!detail && !error && <p className="muted">加载中…</p>}
      {detail && (
        <>
          <div className="panel">
            <div className="card-head">
              <h2>{detail.case.title}</h2>
              <span className={`badge ${stateTone(detail.case.state, detail.case.overdue)}`}>
                {detail.case.stateName}
              </span>
            </div>
            <p className="muted small">
              {meta(detail.case.code, detail.case.details.gridName, when(detail.case.createdAt))}
            </p>
            {detail.case.description && <p className="prewrap">{detail.case.description}</p>}
            {detail.case.closeBy && <p className="small">办结时限：{when(detail.case.closeBy)}</p>}
            {detail.case.lat !== null && (
              <p className="small muted">
                位置：{detail.case.lat.toFixed(5)}, {detail.case.lng?.toFixed(5)}
              </p>
            )}
            {detail.case.attachmentIds.length > 0 && (
              <div className="photos">
                {detail.case.attachmentIds.map((fileId) => (
                  <img key={fileId} src={`/api/files/${fileId}`} alt="现场照片" />
                ))}
              </div>
            )}
          </div>
          <h3>办理过程</h3>
          <ol className="timeline">
            {detail.events.map((step) => (
              <li key={step.id}>
                <strong>{step.actionName}</strong>
                <span className="muted small"> {meta(step.actorName, when(step.at))}</span>
                {step.note && <p className="prewrap small">{step.note}</p>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
