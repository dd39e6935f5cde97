import type { AppRoute } from '../../../web/routes';

/** Pages of the elections module in the logged-in app. */
export const electionsRoutes: AppRoute[] = [];
