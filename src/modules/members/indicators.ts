/** Registers the members module's indicators. */
export function registerMembersIndicators(): void {}
