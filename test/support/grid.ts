// Fixtures shared by the grid module's HTTP tests: square boundaries, grids created through the API and
// people (with encrypted ID numbers) to be grid workers or household heads.
import { expect } from 'vitest';
import { makeIdNumber, people, protectIdentity } from '../../src/modules/people';
import type { Session, TestContext } from './app';

/** A square boundary of `size` degrees with its south-west corner at (lng, lat). */
export const squareBoundary = (lng: number, lat: number, size = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ],
});

/** Creates a grid through the API as `session` (a square at lng, 40.8) and returns its id. */
export async function createTestGrid(
  session: Session,
  grid: { unitId: string; code: string; name?: string; lng: number },
): Promise<string> {
  const response = await session.post('/api/grid/grids', {
    unitId: grid.unitId,
    name: grid.name ?? `${grid.code}网格`,
    code: grid.code,
    boundary: squareBoundary(grid.lng, 40.8),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

let sequence = 0;

/** Registers a person in a unit of the banner (each with a new valid ID number) and returns their id. */
export async function addTestPerson(
  t: TestContext,
  place: { unitId: string; bannerId: string },
  name: string,
): Promise<string> {
  sequence += 1;
  const identity = protectIdentity(t.cipher, {
    idNumber: makeIdNumber({ regionCode: '152223', birthDate: '1988-03-01', sequence }),
  });
  const [row] = await t.database.db
    .insert(people)
    .values({ unitId: place.unitId, bannerId: place.bannerId, name, ...identity })
    .returning({ id: people.id });
  return row!.id;
}
