// Identifiers of the scale data, deterministic for a seed: time-ordered UUIDs (version 7), so a bulk
// load appends to the primary-key indexes instead of scattering writes over them, and tracking codes
// that are a keyed permutation of a counter, so a million of them never collide.

const HEX = '0123456789abcdef';
/** The tracking-code alphabet of the case engine: no 0/O/1/I. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const MASK30 = 0x3fffffff;

function hex(value: number, digits: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < digits; i++) {
    out = HEX[rest % 16]! + out;
    rest = Math.floor(rest / 16);
  }
  return out;
}

/** A 32-bit mix of a number (murmur3's finaliser), for keys derived from the seed. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface IdSource {
  /** A UUID v7 for a record dated `ms`: the time first, then a counter unique within the run. */
  uuid(ms: number): string;
  /** A 12-character tracking code, unique within the run. */
  trackingCode(): string;
}

/** Ids for one seeding run: the same seed and call order give the same ids. */
export function createIdSource(seed: number): IdSource {
  const salt = mix32(seed ^ 0x5ca1ab1e);
  const keys = [1, 2, 3, 4].map((round) => mix32(seed + round * 0x9e3779b9) & MASK30);
  let uuidCounter = 0;
  let codeCounter = mix32(seed ^ 0xc0de) & 0xfffff;
  // A Feistel network over two 30-bit halves: a bijection whatever the round function, so distinct
  // counters give distinct codes.
  const round = (half: number, key: number) => mix32((half ^ key) >>> 0) & MASK30;
  return {
    uuid(ms) {
      uuidCounter += 1;
      const time = Math.max(0, Math.floor(ms));
      const high = Math.floor(time / 65536);
      const low = time % 65536;
      const variant = 0x8000 | (salt & 0x3fff);
      return `${hex(high, 8)}-${hex(low, 4)}-7${hex(salt >>> 20, 3)}-${hex(variant, 4)}-${hex((salt >>> 4) & 0xffff, 4)}${hex(uuidCounter, 8)}`;
    },
    trackingCode() {
      codeCounter += 1;
      let left = Math.floor(codeCounter / 2 ** 30) & MASK30;
      let right = codeCounter & MASK30;
      for (const key of keys) {
        const next = (left ^ round(right, key)) & MASK30;
        left = right;
        right = next;
      }
      let code = '';
      for (const half of [left, right])
        for (let shift = 25; shift >= 0; shift -= 5) code += CODE_ALPHABET[(half >>> shift) & 31];
      return code;
    },
  };
}
