/** A grid event as the API returns it (the case engine's case view). */
export interface GridEventView {
  id: string;
  code: string;
  unitId: string;
  state: string;
  stateName: string;
  title: string;
  description: string;
  category: string | null;
  lat: number | null;
  lng: number | null;
  details: { gridId?: string | null; gridName?: string | null; source?: string };
  attachmentIds: string[];
  version: number;
  acceptBy: string | null;
  closeBy: string | null;
  closedAt: string | null;
  escalationLevel: number;
  rating: number | null;
  ratingReasons: string[] | null;
  repeatOfId: string | null;
  createdAt: string;
  overdue: boolean;
  identityVisible: boolean;
  submitterName: string | null;
  submitterContactMasked: string | null;
}

export interface GridEventDetail {
  case: GridEventView;
  events: Array<{
    id: string;
    action: string;
    actionName: string;
    toState: string;
    unitId: string;
    actorName: string | null;
    at: string;
    note: string | null;
    attachmentIds: string[];
  }>;
  actions: Array<{ action: string; name: string; requires: string[] }>;
}
