import { App, type FormInstance, Form } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { showFormError } from '../components/formErrors';

export interface SettingsForm<T> {
  form: FormInstance<T>;
  loaded: boolean;
  busy: boolean;
  save: () => Promise<void>;
}

/**
 * A settings form read from and saved to one endpoint (GET, then PUT the whole group): the server's
 * field errors land on the fields, a success message on save.
 */
export function useSettingsForm<T>(url: string, savedMessage: string, onSaved?: () => void): SettingsForm<T> {
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get<T>(url).then((values) => {
      form.setFieldsValue(values as Parameters<typeof form.setFieldsValue>[0]);
      setLoaded(true);
    });
  }, [form, url]);

  const save = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const saved = await api.put<T>(url, values, { quiet: true });
      form.setFieldsValue(saved as Parameters<typeof form.setFieldsValue>[0]);
      onSaved?.();
      message.success(savedMessage);
    } catch (error) {
      showFormError(form, error);
    } finally {
      setBusy(false);
    }
  };
  return { form, loaded, busy, save };
}
