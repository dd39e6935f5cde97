// The public face of the grid module: other modules import from here only.
export { gridErrors } from './errors';
export { gridRoutes } from './routes';
export { registerGridIndicators } from './indicators';
export { findGridAt, pointInBoundary } from './geo';
export { gridsOfPerson } from './service';
export { createEvent, type NewGridEvent } from './events/service';
export { gridEventType, GRID_EVENT_TYPE } from './events/type';
export { loadGridDemo } from './demo';
export { defaultEventCategories } from './events/categories';
export { careCategories } from './households/contract';
