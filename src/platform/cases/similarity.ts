// Pure pieces of repeat detection: distance between two positions and similarity of two texts.
// No external service: a character-bigram Jaccard similarity works for short Chinese texts, where
// words are not separated by spaces.

const EARTH_RADIUS_METRES = 6_371_008.8;

export interface Position {
  lat: number;
  lng: number;
}

/** Great-circle distance in metres between two WGS-84 positions (haversine). */
export function haversineMetres(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Text reduced for comparison: lower case, letters and digits of every script only. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The set of character bigrams of a text (a one-character text yields itself). */
export function bigrams(text: string): Set<string> {
  const chars = [...normaliseText(text)];
  if (chars.length === 1) return new Set(chars);
  const result = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) result.add(chars[i]! + chars[i + 1]!);
  return result;
}

/** Jaccard similarity (0–1) of the character bigrams of two texts; 0 when either is empty. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return shared / (x.size + y.size - shared);
}

export interface RepeatCandidate {
  id: string;
  submitterIndex: string | null;
  position: Position | null;
  text: string;
}

export interface RepeatMatch {
  id: string;
  samePerson: boolean;
  /** Metres between the two positions, null when either has none. */
  distanceMetres: number | null;
  similarity: number;
}

/**
 * The candidates that look like repeats of a new case: similar text, and either the same submitter
 * (blind index) or a position within the radius. Best matches first.
 */
export function matchRepeats(
  subject: Omit<RepeatCandidate, 'id'>,
  candidates: readonly RepeatCandidate[],
  settings: { radiusMetres: number; minSimilarity: number },
): RepeatMatch[] {
  const matches: RepeatMatch[] = [];
  for (const candidate of candidates) {
    const samePerson = !!subject.submitterIndex && candidate.submitterIndex === subject.submitterIndex;
    const distanceMetres =
      subject.position && candidate.position ? haversineMetres(subject.position, candidate.position) : null;
    const samePlace = distanceMetres !== null && distanceMetres <= settings.radiusMetres;
    if (!samePerson && !samePlace) continue;
    const similarity = textSimilarity(subject.text, candidate.text);
    if (similarity < settings.minSimilarity) continue;
    matches.push({ id: candidate.id, samePerson, distanceMetres, similarity });
  }
  return matches.sort((a, b) => b.similarity - a.similarity || Number(b.samePerson) - Number(a.samePerson));
}
