// Residents who report events and submit 三问 items: a pool per banner, their phone numbers encrypted
// and blind-indexed once, so the same person reporting again is recognisable (repeat detection) and a
// million cases need only thousands of encryptions.
import type { FieldCipher } from '../../platform/crypto';
import { maskPhone } from '../../modules/people';
import {
  hanFemaleGivenYounger,
  hanMaleGivenYounger,
  hanSurnames,
  mongolianFemaleGiven,
  mongolianMaleGiven,
  phonePrefixes,
} from '../names';
import type { Random } from '../random';

export interface Resident {
  name: string;
  /** The name as residents give it on the phone (王女士, 巴图). */
  calledAs: string;
  phone: string;
  masked: string;
  cipher: string;
  index: string;
}

/** A resident's full name, Han or Mongolian, and how they give it on the phone (王女士, 巴图). */
export function residentName(random: Random): { name: string; calledAs: string } {
  const female = random.chance(0.5);
  if (random.chance(0.4)) {
    const name = random.pick(female ? mongolianFemaleGiven : mongolianMaleGiven);
    return { name, calledAs: name };
  }
  const surname = random.pick(hanSurnames);
  const name = `${surname}${random.pick(female ? hanFemaleGivenYounger : hanMaleGivenYounger)}`;
  return { name, calledAs: random.chance(0.6) ? `${surname}${female ? '女士' : '先生'}` : name };
}

export function mobileNumber(random: Random): string {
  return `${random.pick(phonePrefixes)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** `size` residents with distinct phone numbers. */
export function residentPool(random: Random, cipher: FieldCipher, size: number): Resident[] {
  const seen = new Set<string>();
  const pool: Resident[] = [];
  while (pool.length < size) {
    const phone = mobileNumber(random);
    if (seen.has(phone)) continue;
    seen.add(phone);
    pool.push({
      ...residentName(random),
      phone,
      masked: maskPhone(phone),
      cipher: cipher.encrypt(phone),
      index: cipher.blindIndex(phone),
    });
  }
  return pool;
}
