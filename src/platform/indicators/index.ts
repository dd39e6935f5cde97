// The indicator registry: one mechanism for every number (DESIGN.md). Modules register indicators and
// evidence entities here; screens and reports compute through it.
export {
  type ComputedIndicator,
  computeIndicators,
  INDICATOR_CONCURRENCY,
  mapWithConcurrency,
} from './compute';
export {
  distinctIds,
  type EvidenceEntityDefinition,
  type EvidenceItem,
  type EvidencePage,
  evidenceIdsCondition,
  findEvidenceEntity,
  intersectScopes,
  listEvidenceEntities,
  type ResolvedEvidence,
  registerEvidenceEntity,
  resolveEvidence,
} from './evidence';
export {
  addDays,
  isValidPeriod,
  lastDayOf,
  type Period,
  type PeriodKind,
  type PeriodSelection,
  periodLabel,
  periodOf,
  selectionOf,
  yearOf,
} from './period';
export {
  batchKeyOf,
  type Evidence,
  type EvidenceMode,
  evidenceCountOf,
  evidenceOf,
  findIndicator,
  type IndicatorDefinition,
  type IndicatorGroup,
  type IndicatorInput,
  type IndicatorValue,
  listIndicators,
  registerIndicator,
  sharedWork,
} from './registry';
