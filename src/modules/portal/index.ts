// The public face of the portal module: other modules import from here only.
export { portalErrors } from './errors';
export { portalRoutes } from './routes';
export { portalLimitDefaults } from './limits';
