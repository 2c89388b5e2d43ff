import type { FormInstance } from 'antd';
import { fieldErrors } from './errors';

/**
 * Shows a server error where the user will look: beside the field that
 * extensions.field names, else as the form's own message (returned).
 */
export function applyServerError(form: FormInstance, error: unknown): string | null {
  const names = Object.keys(form.getFieldsValue(true) ?? {});
  const { fields, rest } = fieldErrors(error, names);
  if (fields.length) form.setFields(fields);
  return rest.length ? rest.join(' ') : null;
}
