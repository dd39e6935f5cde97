import type { FormInstance } from 'antd';
import { useState } from 'react';
import { showFormError } from '../components/formErrors';

export interface FormSubmit {
  /** True while `action` runs; feed it to the modal's `confirmLoading`. */
  saving: boolean;
  submit: () => Promise<void>;
}

/** Validates the form and runs `action` with its values, showing server field errors on the form. */
export function useFormSubmit<T>(form: FormInstance<T>, action: (values: T) => Promise<unknown>): FormSubmit {
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await action(values);
    } catch (error) {
      showFormError(form, error);
    } finally {
      setSaving(false);
    }
  };
  return { saving, submit };
}
