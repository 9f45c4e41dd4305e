// Puts a contract error's field issues onto an antd form (shared by the 设置 cards).
import type { FormInstance } from '../lib/antdPages';
import type { ContractError } from '../../shared/contract';
import { sqlIssueField } from './ErpSqlSection';

/** Put a ContractError's issues on the form's fields; returns whether any matched. */
export function showIssues(form: FormInstance, error: ContractError): boolean {
  if (!error.issues?.length) return false;
  const names = new Set(
    Object.keys(form.getFieldsValue(true) as Record<string, unknown>).concat(['quietHours']),
  );
  const fields = error.issues
    .map((i) => ({ name: sqlIssueField(i.path) ?? i.path.split('.').filter(Boolean), errors: [i.message] }))
    .filter((f) => f.name.length > 0 && names.has(f.name[0]!));
  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}

