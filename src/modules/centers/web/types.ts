// Shapes of the centers API as the web pages use them (types only: the zod schemas stay on the server).
import type { TFunction } from 'i18next';
import type {
  AssessmentView,
  CenterDetail,
  CenterView,
  ProgressView,
  PublicCenterView,
  ServiceItemView,
  StandardView,
} from '../contract';

export type {
  AssessmentView,
  CenterDetail,
  CenterView,
  ProgressView,
  PublicCenterView,
  ServiceItemView,
  StandardView,
};

export type CenterUnitType = 'sumu' | 'town' | 'gacha' | 'community';
export const centerUnitTypes: CenterUnitType[] = ['sumu', 'town', 'gacha', 'community'];
export const centerStatuses = ['inUse', 'building', 'suspended'] as const;
export const upgradeStatuses = ['none', 'planned', 'inProgress', 'completed'] as const;
export const assessmentResults = ['met', 'partly', 'notMet'] as const;
export const evidenceKinds = ['photo', 'document', 'record', 'onSite'] as const;
export const serviceChannels = ['onSite', 'proxy', 'online'] as const;

export interface StandardWithHistory extends StandardView {
  latest: AssessmentView | null;
  history: AssessmentView[];
}

export interface CenterAssessments {
  progress: ProgressView;
  standards: StandardWithHistory[];
}

/** "5 个工作日" or "即时办结". */
export function timeLimitText(
  t: TFunction,
  item: Pick<ServiceItemView, 'timeLimitDays' | 'timeLimitKind'>,
): string {
  if (!item.timeLimitDays) return t('centers.items.immediate');
  return t('centers.items.timeLimitValue', {
    days: item.timeLimitDays,
    kind: t(`centers.timeLimitKinds.${item.timeLimitKind}`),
  });
}

/** Colour of an assessment result tag. */
export const resultColor: Record<(typeof assessmentResults)[number], string> = {
  met: 'success',
  partly: 'warning',
  notMet: 'error',
};
