import { useTranslation } from 'react-i18next';
import { UnitSelect, type UnitSelectProps } from '../../orgs/web/UnitSelect';
import type { PartyOrg } from './types';

export type OrgSelectProps = Omit<UnitSelectProps<PartyOrg>, 'source'>;

/** A searchable picker of the Party organisations in scope (name or pinyin), with each one's path. */
export function OrgSelect(props: OrgSelectProps) {
  const { t } = useTranslation();
  return (
    <UnitSelect<PartyOrg>
      source="/api/meetings/units"
      placeholder={t('meetings.form.unitPlaceholder')}
      emptyText=""
      {...props}
    />
  );
}
