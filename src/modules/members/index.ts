// The public face of the members module: other modules import from here only.
export { membersErrors } from './errors';
export { membersRoutes } from './routes';
export { registerMembersIndicators } from './indicators';
export { loadMembersDemo } from './demo';
export { runProbationReminders, type ReminderResult } from './reminders';
export { memberDecisions, memberEvents, memberTransfers, partyMembers } from './schema';
export { listMembersOfUnit } from './service';
export { memberUnitTypes } from './vocabulary';
