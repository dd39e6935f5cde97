// The case engine: other code imports from here only.
export * from './calendar';
export * from './definition';
export { casesErrors } from './errors';
export {
  acceptOverdueAt,
  caseIndicatorKeys,
  closeOverdueAt,
  computeCaseFigure,
  registerCaseIndicators,
} from './indicators';
export * from './machine';
export { foldCaseMonthly, rebuildCaseMonthly } from './monthly';
export { caseEvents, caseHolidays, cases } from './schema';
export * from './service';
export * from './similarity';
export { caseDetail, casesPage, caseView, type CaseViewJson, transitionBody } from './contract';
export { caseJson, caseRoutes } from './routes';
export { holidayRoutes } from './holidayRoutes';
