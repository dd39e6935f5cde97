// The public face of the members module: other modules import from here only.
export { membersErrors } from './errors';
export { membersRoutes } from './routes';
export { registerMembersIndicators } from './indicators';
export { loadMembersDemo } from './demo';
