// Shapes the grid app reads from the server.

export interface Me {
  user: { id: string; username: string; displayName: string; mustChangePassword: boolean };
  csrfToken: string;
  permissions: string[];
  assignments: Array<{ id: string; roleKey: string; roleName: string; unitId: string; unitName: string }>;
}

export interface MyGrid {
  id: string;
  name: string;
  code: string;
  unitId: string;
  unitName: string;
  centerLat: number | null;
  centerLng: number | null;
}

export interface Category {
  key: string;
  name: string;
  active: boolean;
  children: Array<{ key: string; name: string; active: boolean }>;
}

export interface GridEvent {
  id: string;
  code: string;
  state: string;
  stateName: string;
  title: string;
  description: string;
  category: string | null;
  lat: number | null;
  lng: number | null;
  details: Record<string, unknown>;
  attachmentIds: string[];
  createdAt: string;
  closeBy: string | null;
  overdue: boolean;
}

export interface EventDetail {
  case: GridEvent;
  events: Array<{
    id: string;
    actionName: string;
    actorName: string | null;
    at: string;
    note: string | null;
    attachmentIds: string[];
  }>;
}
