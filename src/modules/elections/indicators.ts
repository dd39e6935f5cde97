/** Registers the elections module's indicators. */
export function registerElectionsIndicators(): void {}
