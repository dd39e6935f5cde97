// The public face of the elections module: other modules import from here only.
export { electionsErrors } from './errors';
export { electionsRoutes } from './routes';
export { registerElectionsIndicators } from './indicators';
export { loadElectionsDemo } from './demo';
export { committeePosts, elections, electionTargets } from './schema';
export { unitComposition, type UnitComposition } from './composition';
