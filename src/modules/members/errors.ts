import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the members module, with their status and messages. */
export const membersErrors = {} satisfies Record<string, ErrorSpec>;
