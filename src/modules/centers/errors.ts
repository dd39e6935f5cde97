import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the centers module, with their status and messages. */
export const centersErrors = {} satisfies Record<string, ErrorSpec>;
