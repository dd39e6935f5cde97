/** Registers the meetings module's indicators. */
export function registerMeetingsIndicators(): void {}
