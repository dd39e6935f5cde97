// The public face of the orgs module: other modules import from here only.
export { units } from './schema';
export { findUnitInScope, idsOfPath, pathNamesOf } from './service';
export { canNest, unitType, unitTypeName, unitTypes } from './unitTypes';
export { orgsRoutes } from './routes';
export { registerOrgIndicators } from './indicators';
