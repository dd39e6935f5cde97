// The public face of the reports module: other modules import from here only.
export { reportsErrors } from './errors';
export { reportsRoutes } from './routes';
export { registerCoreEvidenceEntities } from './evidence';
export {
  dutyReportPosts,
  dutyReports,
  dutyReportVersions,
  indicatorSnapshots,
  indicatorSnapshotValues,
  reportTemplates,
} from './schema';
export { loadReportsDemo } from './demo';
