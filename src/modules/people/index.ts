// The public face of the people module: other modules import from here only.
export { people } from './schema';
export { protectIdentity } from './service';
export { parseIdNumber, maskIdNumber, maskPhone, makeIdNumber } from './idNumber';
export { peopleRoutes } from './routes';
