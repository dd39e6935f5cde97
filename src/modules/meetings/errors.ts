import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the meetings module, with their status and messages. */
export const meetingsErrors = {} satisfies Record<string, ErrorSpec>;
