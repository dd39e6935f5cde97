// Tables of the elections module; src/platform/db/tables.ts re-exports them.
export {};
