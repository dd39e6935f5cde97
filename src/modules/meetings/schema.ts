// Tables of the meetings module; src/platform/db/tables.ts re-exports them.
export {};
