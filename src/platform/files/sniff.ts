/** The attachment types accepted, recognised by their first bytes (the browser's name and type are not trusted). */
const signatures: Array<{ mime: string; test: (head: Buffer) => boolean }> = [
  { mime: 'image/jpeg', test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  {
    mime: 'image/png',
    test: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { mime: 'image/gif', test: (h) => h.subarray(0, 4).toString('latin1') === 'GIF8' },
  {
    mime: 'image/webp',
    test: (h) =>
      h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { mime: 'application/pdf', test: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** The MIME type of an accepted attachment, or null for anything else. */
export function sniffMime(content: Buffer): string | null {
  return signatures.find((s) => s.test(content))?.mime ?? null;
}
