// Runs in: main process / headless Node.
// SQL write-back (签收回写 SQL): ERP events written into the ERP's own database with one
// parameterised template per event type. See templates.ts (syntax, idempotency), config.ts
// (settings, secrets), target.ts (delivery), errors.ts (retry or dead), preview.ts (dry run).
export {
  SQL_DIALECTS,
  SQL_EVENT_TYPES,
  DIALECT_LABELS,
  type ErpTargetLike,
  type SqlDeliveryResult,
  type SqlDialect,
  type SqlEventType,
  type SqlOutboxRow,
} from './types';
export {
  EXAMPLE_TEMPLATES,
  MAX_TEMPLATE_CHARS,
  PARAM_DESCRIPTIONS,
  PARAM_NAMES,
  TIME_PARAMS,
  TemplateError,
  compileTemplate,
  templateParams,
  type CompiledTemplate,
  type ParamName,
  type TemplateErrorCode,
} from './templates';
export {
  DEFAULT_STATEMENT_TIMEOUT_MS,
  SqlWritebackConfigError,
  compileTemplates,
  connectionStringProblem,
  parseSqlWritebackConfig,
  parseSqlWritebackSettings,
  redactConnectionString,
  sqlWritebackConfigSchema,
  sqlWritebackSettingsSchema,
  type SqlWritebackConfig,
  type SqlWritebackSettings,
} from './config';
export { PayloadError, bindingsFromPayload, writebackPayloadSchema, type Bindings, type BoundValue, type WritebackPayload } from './payload';
export { SQL_FAILURE_LABELS, SqlAbortedError, classifySqlError, type SqlFailure, type SqlFailureKind } from './errors';
export { DEFAULT_CONNECT_TIMEOUT_MS, createSqlTarget, type SqlTarget, type SqlTargetDeps } from './target';
export { SAMPLE_PAYLOADS, previewSql, type SqlPreview, type SqlPreviewParam } from './preview';
