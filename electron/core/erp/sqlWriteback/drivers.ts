// Runs in: main process / headless Node.
// One pool per target and the one thing the target asks of it: run ONE compiled statement with
// its bound values inside a transaction, or fail. The driver for the configured dialect is loaded
// lazily (mssql pulls in tedious; nobody else should pay for it).
//
// Decisions:
// - pg: Pool max 2; statement_timeout is set per connection (server side) and query_timeout a
//   little later (client side, for a server that stopped answering). BEGIN / statement / COMMIT.
// - mysql2: pool of 2; `execute` = a server-side prepared statement (values never pass through
//   the SQL text); a client-side timeout, after which the connection is destroyed (its answer
//   would otherwise arrive for the next command). Dates are sent in the app's local time
//   (timezone 'local'), which is what a DATETIME column of a Chinese ERP expects.
// - mssql: ConnectionPool (max 2), sql.Transaction + a Request with typed inputs @p1…: text as
//   NVARCHAR (Chinese survives any collation), times as DATETIME2(3) in the app's local time
//   (useUTC false), as for MySQL. requestTimeout is the statement timeout.
// - Abort (the dispatcher's per-attempt timeout, or shutdown): the attempt returns at once. pg and
//   MySQL connections are destroyed, which makes the server roll the transaction back; an
//   mssql request is cancelled and its transaction rolled back. A commit that raced the abort may
//   still have happened: that is why templates must be idempotent (templates.ts).
// - A connection that failed mid-transaction is destroyed, not returned to the pool; the pools
//   open fresh ones, which is how a server restart is survived (idle connections killed by the
//   restart are dropped by the pools' error handlers, which are always attached: an 'error'
//   without a listener would crash the process).
import type { Logger } from '../../ports';
import { mssqlConfigFromConnectionString, scrubSecrets } from './config';
import { SqlAbortedError } from './errors';
import type { BoundValue } from './payload';
import { TIME_PARAMS, type CompiledTemplate } from './templates';
import type { SqlDialect } from './types';

export const APP_NAME = '1688-tracker';

export interface DriverOptions {
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  logger: Logger;
  /** Scrubbed from anything logged. */
  secrets: readonly string[];
}

export interface SqlDriver {
  /** Runs the statement in a transaction; resolves with the number of affected rows. */
  exec(compiled: CompiledTemplate, values: readonly BoundValue[], signal: AbortSignal): Promise<number>;
  /** `SELECT 1` (Settings' "test connection"). */
  ping(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

function throwIfAborted(signal: AbortSignal) {
  if (signal.aborted) throw new SqlAbortedError();
}

/**
 * Waits for `get()`, but rejects at once on abort; a resource that arrives after the abort is
 * handed to `giveBack` instead of being leaked.
 */
function acquire<T>(signal: AbortSignal, get: () => Promise<T>, giveBack: (t: T) => void): Promise<T> {
  throwIfAborted(signal);
  const p = get();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(new SqlAbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) giveBack(v);
        else {
          settled = true;
          resolve(v);
        }
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) {
          settled = true;
          reject(e);
        }
      },
    );
  });
}

/** Runs `work`, rejecting at once on abort after calling `onAbort` (which must stop the work). */
function abortable<T>(signal: AbortSignal, work: () => Promise<T>, onAbort: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort();
    return Promise.reject(new SqlAbortedError());
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const listener = () => {
      if (settled) return;
      settled = true;
      onAbort();
      reject(new SqlAbortedError());
    };
    signal.addEventListener('abort', listener, { once: true });
    work().then(
      (v) => {
        signal.removeEventListener('abort', listener);
        if (!settled) {
          settled = true;
          resolve(v);
        }
      },
      (e: unknown) => {
        signal.removeEventListener('abort', listener);
        if (!settled) {
          settled = true;
          reject(e);
        }
      },
    );
  });
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createDriver(dialect: SqlDialect, connectionString: string, o: DriverOptions): SqlDriver {
  switch (dialect) {
    case 'postgres':
      return pgDriver(connectionString, o);
    case 'mysql':
      return mysqlDriver(connectionString, o);
    case 'mssql':
      return mssqlDriver(connectionString, o);
  }
}

// ── PostgreSQL ──────────────────────────────────────────────────────────────

function pgDriver(connectionString: string, o: DriverOptions): SqlDriver {
  const pg = require('pg') as typeof import('pg');
  const pool = new pg.Pool({
    connectionString,
    max: 2,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: o.connectTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    query_timeout: o.statementTimeoutMs + 2_000,
    // A transaction left open by a stalled app must not hold the ERP's rows locked for long.
    idle_in_transaction_session_timeout: Math.max(60_000, o.statementTimeoutMs * 4),
    application_name: APP_NAME,
    keepAlive: true,
    allowExitOnIdle: true,
  });
  pool.on('error', (e) =>
    o.logger.warn('sql writeback: idle connection failed', { dialect: 'postgres', error: scrubSecrets(errText(e), o.secrets) }),
  );
  let ended = false;

  return {
    async exec(compiled, values, signal) {
      const client = await acquire(signal, () => pool.connect(), (c) => c.release());
      const onError = (e: Error) =>
        o.logger.debug('sql writeback: connection failed during use', { dialect: 'postgres', error: scrubSecrets(e.message, o.secrets) });
      client.on('error', onError);
      let released = false;
      const destroy = () => {
        if (released) return;
        released = true;
        client.release(new Error('destroyed'));
      };
      const work = async () => {
        try {
          await client.query('BEGIN');
          throwIfAborted(signal);
          const r = await client.query({ text: compiled.text, values: [...values] });
          throwIfAborted(signal);
          await client.query('COMMIT');
          return r.rowCount ?? 0;
        } catch (e) {
          if (!released) {
            try {
              await client.query('ROLLBACK');
            } catch {
              destroy();
            }
          }
          throw e;
        } finally {
          if (!released) {
            released = true;
            client.removeListener('error', onError);
            client.release();
          }
        }
      };
      return abortable(signal, work, destroy);
    },
    async ping(signal) {
      const client = await acquire(signal, () => pool.connect(), (c) => c.release());
      let released = false;
      const destroy = () => {
        if (released) return;
        released = true;
        client.release(new Error('destroyed'));
      };
      const onError = () => undefined;
      client.on('error', onError);
      await abortable(
        signal,
        async () => {
          try {
            await client.query('SELECT 1');
          } finally {
            if (!released) {
              released = true;
              client.removeListener('error', onError);
              client.release();
            }
          }
        },
        destroy,
      );
    },
    async close() {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}

// ── MySQL / MariaDB ─────────────────────────────────────────────────────────

function mysqlDriver(connectionString: string, o: DriverOptions): SqlDriver {
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  const pool = mysql.createPool({
    uri: connectionString,
    connectionLimit: 2,
    maxIdle: 2,
    idleTimeout: 30_000,
    waitForConnections: true,
    queueLimit: 0,
    connectTimeout: o.connectTimeoutMs,
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
    timezone: 'local',
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
  });
  // mysql2 reports idle-connection failures on the connection (and drops it from the pool);
  // the pool-level listener is there so nothing is ever unhandled.
  pool.pool.on('error', (e: Error) =>
    o.logger.warn('sql writeback: idle connection failed', { dialect: 'mysql', error: scrubSecrets(errText(e), o.secrets) }),
  );
  let ended = false;

  type Conn = Awaited<ReturnType<typeof pool.getConnection>>;
  const isFatal = (e: unknown) => {
    const x = e as { fatal?: unknown; code?: unknown };
    return x?.fatal === true || x?.code === 'PROTOCOL_SEQUENCE_TIMEOUT';
  };

  return {
    async exec(compiled, values, signal) {
      const conn: Conn = await acquire(signal, () => pool.getConnection(), (c) => c.release());
      let released = false;
      const destroy = () => {
        if (released) return;
        released = true;
        conn.destroy();
      };
      const work = async () => {
        try {
          await conn.beginTransaction();
          throwIfAborted(signal);
          const [res] = await conn.execute({ sql: compiled.text, values: [...values], timeout: o.statementTimeoutMs });
          throwIfAborted(signal);
          await conn.commit();
          return (res as { affectedRows?: number }).affectedRows ?? 0;
        } catch (e) {
          if (!released) {
            if (isFatal(e)) destroy();
            else {
              try {
                await conn.rollback();
              } catch {
                destroy();
              }
            }
          }
          throw e;
        } finally {
          if (!released) {
            released = true;
            conn.release();
          }
        }
      };
      return abortable(signal, work, destroy);
    },
    async ping(signal) {
      const conn: Conn = await acquire(signal, () => pool.getConnection(), (c) => c.release());
      let released = false;
      const destroy = () => {
        if (released) return;
        released = true;
        conn.destroy();
      };
      await abortable(
        signal,
        async () => {
          try {
            await conn.query({ sql: 'SELECT 1', timeout: o.statementTimeoutMs });
          } catch (e) {
            if (isFatal(e)) destroy();
            throw e;
          } finally {
            if (!released) {
              released = true;
              conn.release();
            }
          }
        },
        destroy,
      );
    },
    async close() {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}

// ── SQL Server ──────────────────────────────────────────────────────────────

function mssqlDriver(connectionString: string, o: DriverOptions): SqlDriver {
  const sql = require('mssql') as typeof import('mssql');
  const base = mssqlConfigFromConnectionString(connectionString);
  const config = {
    ...base,
    connectionTimeout: typeof base.connectionTimeout === 'number' ? base.connectionTimeout : o.connectTimeoutMs,
    requestTimeout: o.statementTimeoutMs,
    pool: { max: 2, min: 0, idleTimeoutMillis: 30_000, ...(base.pool as object | undefined) },
    options: { ...base.options, useUTC: false, appName: APP_NAME },
  } as import('mssql').config;
  const pool = new sql.ConnectionPool(config);
  pool.on('error', (e: unknown) =>
    o.logger.warn('sql writeback: connection failed', { dialect: 'mssql', error: scrubSecrets(errText(e), o.secrets) }),
  );
  let connecting: Promise<import('mssql').ConnectionPool> | null = null;
  let ended = false;
  // A failed first connect leaves the pool closed; the next attempt connects again.
  const ready = () => {
    if (ended) return Promise.reject(Object.assign(new Error('Connection is closed.'), { code: 'ECONNCLOSED' }));
    if (pool.connected) return Promise.resolve(pool);
    connecting ??= pool.connect().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  const inputType = (name: string, v: BoundValue) => {
    if (TIME_PARAMS.has(name as never) || v instanceof Date) return sql.DateTime2(3);
    return sql.NVarChar(typeof v === 'string' && v.length > 4000 ? sql.MAX : 4000);
  };

  return {
    async exec(compiled, values, signal) {
      await acquire(signal, ready, () => undefined);
      const tx = new sql.Transaction(pool);
      let request: import('mssql').Request | null = null;
      const cancel = () => request?.cancel();
      const work = async () => {
        await tx.begin();
        try {
          throwIfAborted(signal);
          const req = new sql.Request(tx);
          request = req;
          compiled.names.forEach((name, i) => {
            const v = values[i] ?? null;
            req.input(`p${i + 1}`, inputType(name, v), v);
          });
          const r = await req.query(compiled.text);
          throwIfAborted(signal);
          await tx.commit();
          return r.rowsAffected.reduce((a, b) => a + b, 0);
        } catch (e) {
          try {
            await tx.rollback();
          } catch {
            // Already rolled back by the server (XACT_ABORT, deadlock victim) or the connection is gone.
          }
          throw e;
        }
      };
      return abortable(signal, work, cancel);
    },
    async ping(signal) {
      await acquire(signal, ready, () => undefined);
      const req = new sql.Request(pool);
      await abortable(signal, async () => void (await req.query('SELECT 1')), () => req.cancel());
    },
    async close() {
      if (ended) return;
      ended = true;
      await connecting?.catch(() => undefined);
      await pool.close();
    },
  };
}
