// The JSON the portal routes answer, typed from the server's zod schemas.
import type { z } from 'zod';
import type { PublicationJson } from '../../voice/contract';
import type { areaView, centerEntryView, eventCategoryView, portalInfoView, TrackedJson } from '../contract';

export type Tracked = TrackedJson;
export type Area = z.infer<typeof areaView>;
export type CenterEntry = z.infer<typeof centerEntryView>;
export type EventCategory = z.infer<typeof eventCategoryView>;
export type PortalInfo = z.infer<typeof portalInfoView>;
export type Publication = PublicationJson;
