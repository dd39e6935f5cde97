// The public face of the meetings module: other modules import from here only.
export { meetingsErrors } from './errors';
export { meetingsRoutes } from './routes';
export { registerMeetingsIndicators } from './indicators';
export { demoMeetingPlaces, demoMeetingTopics, demoRectificationTopics, loadMeetingsDemo } from './demo';
export { runComplianceTick, type TickResult } from './tick';
export { seedMeetingRules } from './rules';
export { meetingKindName, meetingKinds, type MeetingKind } from './kinds';
export { rebuildMeetingDays } from './complianceCounts';
