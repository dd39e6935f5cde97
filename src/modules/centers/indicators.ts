/** Registers the centers module's indicators. */
export function registerCentersIndicators(): void {}
