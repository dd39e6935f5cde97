// Every table of every module, gathered for Drizzle's typed client. Add a module's schema here.
export * from '../audit/schema';
export * from '../auth/schema';
export * from '../excel/schema';
export * from '../files/schema';
export * from '../notifications/schema';
export * from '../settings/schema';
export * from '../cases/schema';
export * from '../../modules/orgs/schema';
export * from '../../modules/people/schema';
export * from '../../modules/members/schema';
export * from '../../modules/elections/schema';
export * from '../../modules/meetings/schema';
export * from '../../modules/centers/schema';
export * from '../../modules/reports/schema';
export * from '../../modules/grid/schema';
export * from '../../modules/voice/schema';
export * from '../../modules/portal/schema';
