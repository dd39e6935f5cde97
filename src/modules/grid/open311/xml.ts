// A small XML writer for GeoReport v2 responses: nested objects and arrays of records, escaped text.

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

function element(name: string, value: Value): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value))
    return `<${name}>${value.map((v) => element(singular(name), v)).join('')}</${name}>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([key, v]) => element(key, v))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The element name of one item of a list element (keywords → keyword, attributes → attribute). */
function singular(name: string): string {
  if (name === 'values') return 'value';
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

/** One record as a document: `<root>…</root>` with an XML declaration (a service definition). */
export function toXmlDocument(root: string, record: Record<string, Value>): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, record)}`;
}

/** A list of records as `<root><item>…</item>…</root>` with an XML declaration. */
export function toXml(root: string, item: string, records: ReadonlyArray<Record<string, Value>>): string {
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${records.map((r) => element(item, r)).join('')}</${root}>`;
}
