// The public face of the reports module: other modules import from here only.
export { reportsErrors } from './errors';
export { reportsRoutes } from './routes';
export { registerCoreEvidenceEntities } from './evidence';
export { indicatorSnapshots, indicatorSnapshotValues } from './schema';
