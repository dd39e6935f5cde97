import { Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaceholderFields } from './editorState';
import { type FieldErrors, PlaceholderFieldsForm } from './PlaceholderFieldsForm';
import type { IndicatorCatalog } from './useIndicatorCatalog';

/** The small form behind a placeholder chip: edits a copy, applied on OK once an indicator and scope are set. */
export function PlaceholderModal(props: {
  open: boolean;
  creating: boolean;
  initial: PlaceholderFields;
  catalog: IndicatorCatalog;
  onOk: (fields: PlaceholderFields) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [fields, setFields] = useState(props.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { open, initial } = props;
  useEffect(() => {
    if (open) {
      setFields(initial);
      setErrors({});
    }
  }, [open, initial]);

  const ok = () => {
    const found: FieldErrors = {};
    if (!fields.indicatorKey) found.indicatorKey = t('reports.dutyTemplate.indicatorRequired');
    if (!fields.scope) found.scope = t('reports.dutyTemplate.unitRequired');
    setErrors(found);
    if (Object.keys(found).length === 0) props.onOk(fields);
  };

  return (
    <Modal
      open={open}
      title={t(
        props.creating ? 'reports.dutyTemplate.placeholderNewTitle' : 'reports.dutyTemplate.placeholderTitle',
      )}
      width={560}
      onOk={ok}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      <PlaceholderFieldsForm
        catalog={props.catalog}
        value={fields}
        onChange={(next) => {
          setFields(next);
          setErrors({});
        }}
        errors={errors}
        figure
      />
    </Modal>
  );
}
