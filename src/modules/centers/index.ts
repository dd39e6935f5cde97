// The public face of the centers module: other modules import from here only.
export { centersErrors } from './errors';
export { centersRoutes } from './routes';
export { registerCentersIndicators } from './indicators';
export { loadCentersDemo } from './demo';
