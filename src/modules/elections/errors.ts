import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the elections module, with their status and messages. */
export const electionsErrors = {} satisfies Record<string, ErrorSpec>;
