// Tables of the centers module; src/platform/db/tables.ts re-exports them.
export {};
