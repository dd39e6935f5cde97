import type { AppRoute } from '../../../web/routes';

/** Pages of the meetings module in the logged-in app. */
export const meetingsRoutes: AppRoute[] = [];
