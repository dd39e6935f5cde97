import type { AppRoute } from '../../../web/routes';

/** Pages of the centers module in the logged-in app. */
export const centersRoutes: AppRoute[] = [];
