import { useTranslation } from 'react-i18next';
import { UnitSelect, type UnitSelectProps } from '../../orgs/web/UnitSelect';

export interface PartyUnit {
  id: string;
  name: string;
  type: string;
  typeName: string;
  pathNames: string;
}

export interface PartyUnitSelectProps extends Omit<UnitSelectProps<PartyUnit>, 'source'> {
  /** `/api/members/units` (organisations in scope) or `/api/members/transfer-targets` (the whole banner). */
  source?: string;
}

/** A searchable picker of Party organisations (name or pinyin), showing each one's full path. */
export function PartyUnitSelect(props: PartyUnitSelectProps) {
  const { t } = useTranslation();
  return (
    <UnitSelect<PartyUnit>
      placeholder={t('members.orgPlaceholder')}
      emptyText={t('members.orgEmpty')}
      {...props}
      source={props.source ?? '/api/members/units'}
    />
  );
}
