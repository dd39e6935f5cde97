import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { idbOutboxStore } from '../idb';
import type { ReportItem, StoredPhoto } from '../outbox-types';
import { go } from '../route';
import { outbox, queueAndSend, useGridApp } from '../state';

const MAX_PHOTOS = 9;

function emptyReport(ownerId: string): ReportItem {
  const now = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    kind: 'report',
    ownerId,
    status: 'draft',
    idempotencyKey: null,
    createdAt: now,
    updatedAt: now,
    attempts: 0,
    nextAttemptAt: 0,
    error: null,
    result: null,
    report: {
      gridId: null,
      unitId: null,
      categoryKey: '',
      title: '',
      description: '',
      lat: null,
      lng: null,
      occurredAt: now,
    },
    photos: [],
  };
}

/** Where the report goes: one of my grids, or (without grids) the unit of one of my roles. */
function placeOptions(app: ReturnType<typeof useGridApp>) {
  if (app.grids.length > 0)
    return app.grids.map((grid) => ({
      value: `grid:${grid.id}`,
      label: `${grid.name}（${grid.unitName}）`,
      gridId: grid.id as string | null,
      unitId: grid.unitId,
    }));
  const seen = new Set<string>();
  return (app.me?.assignments ?? [])
    .filter((a) => !seen.has(a.unitId) && seen.add(a.unitId))
    .map((a) => ({ value: `unit:${a.unitId}`, label: a.unitName, gridId: null, unitId: a.unitId }));
}

/** 上报事件: writes a draft on the phone; 提交 queues it (sent now if online, later if not). */
export function ReportForm({ draftId }: { draftId?: string }) {
  const app = useGridApp();
  const ownerId = app.me?.user.id ?? '';
  const [item, setItem] = useState<ReportItem>(() => emptyReport(ownerId));
  const [problem, setProblem] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [busy, setBusy] = useState(false);
  const places = placeOptions(app);

  useEffect(() => {
    if (!draftId) return;
    void idbOutboxStore.get(draftId).then((stored) => {
      if (stored?.kind === 'report') setItem(stored);
    });
  }, [draftId]);

  // Pick the only place there is, so a worker with one grid never has to.
  useEffect(() => {
    const only = places.length === 1 ? places[0] : undefined;
    if (only && !item.report.unitId)
      setItem((current) => ({
        ...current,
        report: { ...current.report, gridId: only.gridId, unitId: only.unitId },
      }));
  }, [places, item.report.unitId]);

  const previews = useMemo(
    () => item.photos.map((photo) => ({ id: photo.id, url: URL.createObjectURL(photo.blob) })),
    [item.photos],
  );
  useEffect(
    () => () => {
      for (const preview of previews) URL.revokeObjectURL(preview.url);
    },
    [previews],
  );

  const set = (patch: Partial<ReportItem['report']>) =>
    setItem((current) => ({ ...current, report: { ...current.report, ...patch } }));

  const placeValue = item.report.gridId
    ? `grid:${item.report.gridId}`
    : item.report.unitId
      ? `unit:${item.report.unitId}`
      : '';
  const grid = app.grids.find((g) => g.id === item.report.gridId);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setProblem('本设备不支持定位，可以使用网格中心');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        set({ lat: position.coords.latitude, lng: position.coords.longitude });
        setLocating(false);
        setProblem(null);
      },
      () => {
        setLocating(false);
        setProblem('无法获取当前位置，可以使用网格中心');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const addPhotos = (files: FileList | null) => {
    if (!files) return;
    const added: StoredPhoto[] = [...files].map((file) => ({
      id: crypto.randomUUID(),
      name: file.name || 'photo.jpg',
      type: file.type,
      blob: file,
      fileId: null,
    }));
    setItem((current) => ({ ...current, photos: [...current.photos, ...added].slice(0, MAX_PHOTOS) }));
  };

  const missing = (): string | null => {
    if (!item.report.unitId) return '请选择网格';
    if (!item.report.categoryKey) return '请选择事件分类';
    if (!item.report.title.trim()) return '请填写事件标题';
    return null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const reason = missing();
    if (reason) {
      setProblem(reason);
      return;
    }
    setBusy(true);
    const ready = { ...item, report: { ...item.report, title: item.report.title.trim() } };
    await outbox.keep(ready);
    go('drafts');
    await queueAndSend(ready, app);
  };

  const keepDraft = async () => {
    setBusy(true);
    await outbox.keep({ ...item, status: 'draft' });
    go('drafts');
  };

  const editable = item.status === 'draft' || item.status === 'failed';

  return (
    <form className="page form" onSubmit={submit}>
      <h2>{draftId ? '修改上报' : '上报事件'}</h2>
      {item.error && <p className="notice">上次发送失败：{item.error}</p>}
      <label>
        网格
        <select
          value={placeValue}
          onChange={(e) => {
            const place = places.find((p) => p.value === e.target.value);
            set({ gridId: place?.gridId ?? null, unitId: place?.unitId ?? null });
          }}
        >
          <option value="">请选择</option>
          {places.map((place) => (
            <option key={place.value} value={place.value}>
              {place.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        事件分类
        <select value={item.report.categoryKey} onChange={(e) => set({ categoryKey: e.target.value })}>
          <option value="">{app.categories.length ? '请选择' : '分类未加载，请联网后刷新'}</option>
          {app.categories
            .filter((c) => c.active)
            .map((category) =>
              category.children.length ? (
                <optgroup key={category.key} label={category.name}>
                  {category.children
                    .filter((c) => c.active)
                    .map((child) => (
                      <option key={child.key} value={child.key}>
                        {child.name}
                      </option>
                    ))}
                </optgroup>
              ) : (
                <option key={category.key} value={category.key}>
                  {category.name}
                </option>
              ),
            )}
        </select>
      </label>
      <label>
        事件标题
        <input
          value={item.report.title}
          maxLength={80}
          placeholder="一句话说明发生了什么"
          onChange={(e) => set({ title: e.target.value })}
        />
      </label>
      <label>
        事件描述
        <textarea
          rows={4}
          maxLength={2000}
          value={item.report.description}
          placeholder="地点、经过、涉及人员等"
          onChange={(e) => set({ description: e.target.value })}
        />
      </label>
      <fieldset>
        <legend>现场照片（最多 {MAX_PHOTOS} 张）</legend>
        <div className="photos">
          {previews.map((preview) => (
            <span key={preview.id} className="thumb">
              <img src={preview.url} alt="待上传照片" />
              <button
                type="button"
                className="thumb-remove"
                aria-label="删除照片"
                onClick={() =>
                  setItem((current) => ({
                    ...current,
                    photos: current.photos.filter((p) => p.id !== preview.id),
                  }))
                }
              >
                ×
              </button>
            </span>
          ))}
        </div>
        {item.photos.length < MAX_PHOTOS && (
          <label className="file">
            拍照或选择照片
            <input
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              onChange={(e) => {
                addPhotos(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>位置</legend>
        <p className="small" data-testid="position">
          {item.report.lat !== null && item.report.lng !== null
            ? `${item.report.lat.toFixed(5)}, ${item.report.lng.toFixed(5)}`
            : '未定位'}
        </p>
        <div className="row">
          <button type="button" onClick={locate} disabled={locating}>
            {locating ? '定位中…' : '获取当前位置'}
          </button>
          {grid?.centerLat != null && grid.centerLng != null && (
            <button type="button" onClick={() => set({ lat: grid.centerLat, lng: grid.centerLng })}>
              使用网格中心
            </button>
          )}
        </div>
      </fieldset>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {editable ? (
        <div className="row sticky">
          <button type="button" onClick={() => void keepDraft()} disabled={busy}>
            存为草稿
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {app.online ? '提交' : '提交（联网后发送）'}
          </button>
        </div>
      ) : (
        <p className="muted">这条上报已在发送队列中，不能再修改。</p>
      )}
    </form>
  );
}
