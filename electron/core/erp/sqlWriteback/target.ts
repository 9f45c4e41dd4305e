// Runs in: main process / headless Node.
// The SQL write-back target: the dispatcher (erp/webhookDispatcher.ts) hands it one outbox row at
// a time; it runs the template for the row's event type against the ERP's own database, in a
// transaction, and says how it went. It never throws: every outcome is a DeliveryResult.
//
//   ok                      the statement committed (or the event type has no template: nothing to do)
//   ok:false permanent      the database refused the statement or its data — the row goes dead and
//                           the clerk sees the database's message (errors.ts has the table)
//   ok:false transient      connection, timeout, restart, deadlock, capacity — retried with backoff
//
// The connection string is used to open the pool and to scrub messages; it is never logged and
// never part of a result.
import type { Logger } from '../../ports';
import { DEFAULT_STATEMENT_TIMEOUT_MS, compileTemplates, connectionSecrets, parseSqlWritebackConfig, type SqlWritebackConfig } from './config';
import { createDriver, type SqlDriver } from './drivers';
import { SQL_FAILURE_LABELS, classifySqlError } from './errors';
import { PayloadError, bindValues, bindingsFromPayload } from './payload';
import type { CompiledTemplate } from './templates';
import type { ErpTargetLike, SqlDeliveryResult, SqlDialect, SqlEventType, SqlOutboxRow } from './types';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface SqlTargetDeps {
  logger: Logger;
  /** Shown to the clerk and in logs; default `sql-<dialect>`. */
  name?: string;
  /** Time allowed to open a connection (or wait for a pooled one); default 5 s. */
  connectTimeoutMs?: number;
}

export interface SqlTarget extends ErpTargetLike {
  readonly dialect: SqlDialect;
  /** The event types that have a template (the others are acknowledged without a write). */
  readonly eventTypes: readonly SqlEventType[];
  /** `SELECT 1` through the pool, for Settings' "test connection"; same result shape as deliver. */
  check(signal?: AbortSignal): Promise<SqlDeliveryResult>;
  /** Ends the pool. Deliveries after close fail (transiently) without touching the database. */
  close(): Promise<void>;
}

/**
 * Validates `config` (throws SqlWritebackConfigError with a Chinese message, never containing the
 * connection string) and returns a target. Nothing connects until the first delivery.
 */
export function createSqlTarget(config: SqlWritebackConfig, deps: SqlTargetDeps): SqlTarget {
  const cfg = parseSqlWritebackConfig(config);
  const compiled: Map<SqlEventType, CompiledTemplate> = compileTemplates(cfg);
  const secrets = connectionSecrets(cfg.connectionString);
  const name = deps.name ?? `sql-${cfg.dialect}`;
  const { logger } = deps;
  let driver: SqlDriver | null = null;
  let closed = false;

  const getDriver = () =>
    (driver ??= createDriver(cfg.dialect, cfg.connectionString, {
      statementTimeoutMs: cfg.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: deps.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      logger,
      secrets,
    }));

  const closedResult: SqlDeliveryResult = { ok: false, permanent: false, error: 'SQL 回写已停止（设置已更改或正在退出），稍后自动重试' };

  return {
    name,
    dialect: cfg.dialect,
    eventTypes: [...compiled.keys()],

    async deliver(row: SqlOutboxRow, signal: AbortSignal): Promise<SqlDeliveryResult> {
      const template = compiled.get(row.type as SqlEventType);
      if (!template) {
        logger.debug('sql writeback: no template for event type', { target: name, outboxId: row.id, type: row.type });
        return { ok: true };
      }
      if (closed) return closedResult;
      let values;
      try {
        values = bindValues(template, bindingsFromPayload(row.payload, row.type));
      } catch (e) {
        const error = `${SQL_FAILURE_LABELS.payload}：${e instanceof PayloadError ? e.message : String(e)}`;
        logger.warn('sql writeback: payload cannot be bound', { target: name, outboxId: row.id, type: row.type, error });
        return { ok: false, permanent: true, error };
      }
      const started = Date.now();
      try {
        const rows = await getDriver().exec(template, values, signal);
        logger.info('sql writeback: delivered', { target: name, outboxId: row.id, type: row.type, rows, ms: Date.now() - started });
        return { ok: true };
      } catch (e) {
        const f = classifySqlError(cfg.dialect, e, secrets);
        logger.warn('sql writeback: failed', {
          target: name,
          outboxId: row.id,
          type: row.type,
          kind: f.kind,
          code: f.code,
          permanent: f.permanent,
          ms: Date.now() - started,
          error: f.message,
        });
        return { ok: false, permanent: f.permanent, error: f.message };
      }
    },

    async check(signal = new AbortController().signal): Promise<SqlDeliveryResult> {
      if (closed) return closedResult;
      try {
        await getDriver().ping(signal);
        return { ok: true };
      } catch (e) {
        const f = classifySqlError(cfg.dialect, e, secrets);
        return { ok: false, permanent: f.permanent, error: f.message };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      const d = driver;
      driver = null;
      if (d) {
        try {
          await d.close();
        } catch (e) {
          logger.warn('sql writeback: closing the pool failed', { target: name, error: classifySqlError(cfg.dialect, e, secrets).message });
        }
      }
    },
  };
}
