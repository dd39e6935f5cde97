/** One field of an audit entry's before/after comparison. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

function asRecord(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  if (value === null || value === undefined) return {};
  return { value };
}

/** Compares an audit entry's before and after snapshots field by field; changed fields first. */
export function diffSnapshots(before: unknown, after: unknown): FieldChange[] {
  const left = asRecord(before);
  const right = asRecord(after);
  const fields = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  const changes = fields.map((field) => ({
    field,
    before: left[field],
    after: right[field],
    changed: JSON.stringify(left[field]) !== JSON.stringify(right[field]),
  }));
  return [...changes.filter((change) => change.changed), ...changes.filter((change) => !change.changed)];
}

/** Short display text for a snapshot value. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
