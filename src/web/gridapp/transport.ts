// The outbox's HTTP side: photos to the files API, reports to POST /api/grid/events and patrols to
// POST /api/grid/patrols, each with the item's idempotency key (body and Idempotency-Key header).
import { request } from './api';
import type { Transport } from './outbox';

interface Created {
  id: string;
  code?: string | null;
}

export const httpTransport: Transport = {
  async uploadPhoto(unitId, photo) {
    const form = new FormData();
    form.append('file', photo.blob, photo.name);
    const { data } = await request<{ id: string }>(
      'POST',
      `/api/files?unitId=${encodeURIComponent(unitId)}`,
      form,
    );
    return data.id;
  },

  async postReport(item, attachmentIds) {
    const { report } = item;
    const key = item.idempotencyKey ?? '';
    const { data } = await request<Created>(
      'POST',
      '/api/grid/events',
      {
        idempotencyKey: key,
        ...(report.gridId ? { gridId: report.gridId } : report.unitId ? { unitId: report.unitId } : {}),
        ...(report.lat !== null && report.lng !== null ? { lat: report.lat, lng: report.lng } : {}),
        categoryKey: report.categoryKey,
        title: report.title,
        description: report.description,
        attachmentIds,
        occurredAt: report.occurredAt,
      },
      { 'idempotency-key': key },
    );
    return { id: data.id, code: data.code ?? null };
  },

  async postPatrol(item) {
    const { patrol } = item;
    const key = item.idempotencyKey ?? '';
    const { data } = await request<Created>(
      'POST',
      '/api/grid/patrols',
      {
        idempotencyKey: key,
        gridId: patrol.gridId,
        startedAt: patrol.startedAt,
        endedAt: patrol.endedAt ?? new Date().toISOString(),
        track: patrol.track,
        ...(patrol.note ? { note: patrol.note } : {}),
      },
      { 'idempotency-key': key },
    );
    return { id: data.id, code: data.code ?? null };
  },
};
