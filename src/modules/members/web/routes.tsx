import type { AppRoute } from '../../../web/routes';

/** Pages of the members module in the logged-in app. */
export const membersRoutes: AppRoute[] = [];
