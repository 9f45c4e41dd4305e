// Runs in: main process / headless Node.
// Which database failures are worth retrying. The rule: a failure of the CONNECTION or of the
// MOMENT (refused, reset, timed out, server shutting down or restarting, deadlock or
// serialization failure, lock wait, too many connections, out of resources) is transient: the
// dispatcher retries it with backoff. A failure of the STATEMENT or its DATA (syntax, unknown
// table/column/function, permission denied, constraint violation, bad value for the column
// type) is permanent: the same row would fail the same way forever, so it goes dead and the clerk
// sees the database's own message.
//
// Decisions:
// - Login failures (wrong user/password, unknown database) are permanent: retrying a wrong
//   password every few seconds can lock the ERP's account (SQL Server / AD lockout policies), and
//   the clerk must see it at once. After the password is fixed the dead rows are re-sent.
// - A server error with a code this table does not know is permanent (the server understood
//   the request and refused it); an error WITHOUT any server code (a socket problem the drivers
//   describe only in words) is transient.
// - Messages keep the database's own text (it names the column or constraint) behind a Chinese
//   summary, scrubbed of the connection secret, at most 500 characters.
import { scrubSecrets } from './config';
import { DIALECT_LABELS, type SqlDialect } from './types';

export type SqlFailureKind =
  | 'connection'
  | 'timeout'
  | 'shutdown'
  | 'conflict'
  | 'resources'
  | 'aborted'
  | 'syntax'
  | 'undefined_object'
  | 'permission'
  | 'auth'
  | 'constraint'
  | 'data'
  | 'payload'
  | 'config'
  | 'rejected'
  | 'unknown';

export interface SqlFailure {
  permanent: boolean;
  kind: SqlFailureKind;
  /** SQLSTATE (pg), errno (mysql), error number or driver code (mssql), or a Node error code. */
  code?: string;
  /** For the clerk: Chinese summary + the database's message (scrubbed, ≤ 500 chars). */
  message: string;
}

export const SQL_FAILURE_LABELS: Record<SqlFailureKind, string> = {
  connection: '无法连接数据库',
  timeout: '数据库操作超时',
  shutdown: '数据库正在关闭或重启',
  conflict: '数据库锁冲突（死锁或并发更新失败）',
  resources: '数据库连接数或资源不足',
  aborted: '写入已中止',
  syntax: 'SQL 模板有语法错误',
  undefined_object: '表、列或函数不存在',
  permission: '数据库账号没有权限',
  auth: '数据库登录失败（用户名、密码或数据库名不对）',
  constraint: '违反数据库约束（唯一、外键、非空或检查约束）',
  data: '数据类型或取值不符合列的定义',
  payload: '事件内容无效',
  config: '数据库连接设置有误',
  rejected: '数据库拒绝执行回写语句',
  unknown: '数据库写入失败',
};

const TRANSIENT_KINDS: ReadonlySet<SqlFailureKind> = new Set<SqlFailureKind>([
  'connection',
  'timeout',
  'shutdown',
  'conflict',
  'resources',
  'aborted',
  'unknown',
]);

export const isTransientKind = (k: SqlFailureKind) => TRANSIENT_KINDS.has(k);

/** Thrown by the target when its AbortSignal fires (dispatcher timeout or shutdown). */
export class SqlAbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'SqlAbortedError';
  }
}

// ── PostgreSQL (SQLSTATE) ───────────────────────────────────────────────────

function pgKind(code: string): SqlFailureKind {
  switch (code) {
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
    case '55P03': // lock_not_available
    case '55006': // object_in_use
      return 'conflict';
    case '40003': // statement_completion_unknown
      return 'connection';
    case '40002': // integrity_constraint_violation at commit
      return 'constraint';
    case '57014': // query_canceled (statement_timeout)
      return 'timeout';
    case '57P01': // admin_shutdown
    case '57P02': // crash_shutdown
    case '57P03': // cannot_connect_now (starting up / shutting down)
    case '57P04': // database_dropped
    case '57P05': // idle_session_timeout
      return 'shutdown';
    case '25006': // read_only_sql_transaction (a standby after a failover)
      return 'shutdown';
    case '42501': // insufficient_privilege
      return 'permission';
    case '42P01': // undefined_table
    case '42703': // undefined_column
    case '42883': // undefined_function
    case '42704': // undefined_object
    case '42P02': // undefined_parameter
    case '3F000': // invalid_schema_name
      return 'undefined_object';
    case '42804': // datatype_mismatch
    case '42P18': // indeterminate_datatype
    case '42846': // cannot_coerce
      return 'data';
    case '3D000': // invalid_catalog_name (no such database)
      return 'auth';
  }
  switch (code.slice(0, 2)) {
    case '08': // connection_exception
      return 'connection';
    case '53': // insufficient_resources (53300 too_many_connections, disk full, out of memory)
      return 'resources';
    case '57': // operator_intervention
      return 'shutdown';
    case '58': // system_error (I/O)
    case 'XX': // internal_error
      return 'unknown';
    case '40': // transaction_rollback
      return 'conflict';
    case '42': // syntax_error_or_access_rule_violation
    case '0A': // feature_not_supported
      return 'syntax';
    case '22': // data_exception
      return 'data';
    case '23': // integrity_constraint_violation
      return 'constraint';
    case '28': // invalid_authorization_specification
      return 'auth';
    default:
      return 'rejected';
  }
}

// ── MySQL / MariaDB (errno) ─────────────────────────────────────────────────

const MYSQL_ERRNO: Record<number, SqlFailureKind> = {
  // transient
  1040: 'resources', // ER_CON_COUNT_ERROR: too many connections
  1203: 'resources', // ER_TOO_MANY_USER_CONNECTIONS
  1226: 'resources', // ER_USER_LIMIT_REACHED
  1037: 'resources', // ER_OUTOFMEMORY
  1038: 'resources', // ER_OUT_OF_SORTMEMORY
  1041: 'resources', // ER_OUT_OF_RESOURCES
  1637: 'resources', // ER_TOO_MANY_CONCURRENT_TRXS
  1205: 'conflict', // ER_LOCK_WAIT_TIMEOUT
  1213: 'conflict', // ER_LOCK_DEADLOCK
  1020: 'conflict', // ER_CHECKREAD: record changed since last read
  1053: 'shutdown', // ER_SERVER_SHUTDOWN
  1077: 'shutdown', // ER_NORMAL_SHUTDOWN
  1078: 'shutdown', // ER_GOT_SIGNAL
  1079: 'shutdown', // ER_SHUTDOWN_COMPLETE
  1080: 'shutdown', // ER_FORCING_CLOSE
  1927: 'shutdown', // ER_CONNECTION_KILLED (MariaDB)
  1836: 'shutdown', // ER_READ_ONLY_MODE (a replica after a failover)
  1792: 'shutdown', // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
  4031: 'connection', // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
  1152: 'connection', // ER_ABORTING_CONNECTION
  1153: 'connection', // ER_NET_PACKET_TOO_LARGE (…) — network layer
  1154: 'connection', // ER_NET_READ_ERROR_FROM_PIPE
  1155: 'connection', // ER_NET_FCNTL_ERROR
  1156: 'connection', // ER_NET_PACKETS_OUT_OF_ORDER
  1157: 'connection', // ER_NET_UNCOMPRESS_ERROR
  1158: 'connection', // ER_NET_READ_ERROR
  1159: 'connection', // ER_NET_READ_INTERRUPTED
  1160: 'connection', // ER_NET_ERROR_ON_WRITE
  1161: 'connection', // ER_NET_WRITE_INTERRUPTED
  2002: 'connection', // CR_CONNECTION_ERROR
  2003: 'connection', // CR_CONN_HOST_ERROR
  2006: 'connection', // CR_SERVER_GONE_ERROR
  2013: 'connection', // CR_SERVER_LOST
  1969: 'timeout', // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
  3024: 'timeout', // ER_QUERY_TIMEOUT (MySQL max_execution_time)
  1317: 'timeout', // ER_QUERY_INTERRUPTED
  // permanent
  1064: 'syntax', // ER_PARSE_ERROR
  1149: 'syntax', // ER_SYNTAX_ERROR
  1295: 'syntax', // ER_UNSUPPORTED_PS: not allowed in a prepared statement
  1210: 'syntax', // ER_WRONG_ARGUMENTS (to EXECUTE)
  1146: 'undefined_object', // ER_NO_SUCH_TABLE
  1054: 'undefined_object', // ER_BAD_FIELD_ERROR: unknown column
  1109: 'undefined_object', // ER_UNKNOWN_TABLE
  1305: 'undefined_object', // ER_SP_DOES_NOT_EXIST
  1356: 'undefined_object', // ER_VIEW_INVALID
  1044: 'permission', // ER_DBACCESS_DENIED_ERROR
  1142: 'permission', // ER_TABLEACCESS_DENIED_ERROR
  1143: 'permission', // ER_COLUMNACCESS_DENIED_ERROR
  1227: 'permission', // ER_SPECIFIC_ACCESS_DENIED_ERROR
  1370: 'permission', // ER_PROCACCESS_DENIED_ERROR
  1045: 'auth', // ER_ACCESS_DENIED_ERROR (wrong password)
  1698: 'auth', // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
  1251: 'auth', // ER_NOT_SUPPORTED_AUTH_MODE
  1049: 'auth', // ER_BAD_DB_ERROR: unknown database
  1129: 'config', // ER_HOST_IS_BLOCKED (needs FLUSH HOSTS by the DBA)
  1062: 'constraint', // ER_DUP_ENTRY
  1586: 'constraint', // ER_DUP_ENTRY_WITH_KEY_NAME
  1451: 'constraint', // ER_ROW_IS_REFERENCED_2
  1452: 'constraint', // ER_NO_REFERENCED_ROW_2
  1216: 'constraint', // ER_NO_REFERENCED_ROW
  1217: 'constraint', // ER_ROW_IS_REFERENCED
  1048: 'constraint', // ER_BAD_NULL_ERROR
  1364: 'constraint', // ER_NO_DEFAULT_FOR_FIELD
  3819: 'constraint', // ER_CHECK_CONSTRAINT_VIOLATED (MySQL)
  4025: 'constraint', // ER_CONSTRAINT_FAILED (MariaDB)
  1366: 'data', // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
  1292: 'data', // ER_TRUNCATED_WRONG_VALUE (bad date)
  1406: 'data', // ER_DATA_TOO_LONG
  1264: 'data', // ER_WARN_DATA_OUT_OF_RANGE
  1265: 'data', // WARN_DATA_TRUNCATED
  1367: 'data', // ER_ILLEGAL_VALUE_FOR_TYPE
  1411: 'data', // ER_WRONG_VALUE_FOR_TYPE
  1690: 'data', // ER_DATA_OUT_OF_RANGE
  3140: 'data', // ER_INVALID_JSON_TEXT
};

/** mysql2's own codes for connection trouble (no errno). */
const MYSQL_CLIENT_CODES: Record<string, SqlFailureKind> = {
  PROTOCOL_CONNECTION_LOST: 'connection',
  PROTOCOL_SEQUENCE_TIMEOUT: 'timeout',
  PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR: 'connection',
  PROTOCOL_ENQUEUE_AFTER_QUIT: 'connection',
  PROTOCOL_ENQUEUE_AFTER_DESTROY: 'connection',
  PROTOCOL_PACKETS_OUT_OF_ORDER: 'connection',
  HANDSHAKE_NO_SSL_SUPPORT: 'config',
  HANDSHAKE_SSL_ERROR: 'config',
  POOL_CLOSED: 'connection',
};

// ── SQL Server (error number / driver code) ─────────────────────────────────

const MSSQL_NUMBER: Record<number, SqlFailureKind> = {
  // transient
  1205: 'conflict', // chosen as deadlock victim
  1222: 'conflict', // lock request time out
  3960: 'conflict', // snapshot isolation update conflict
  1204: 'resources', // cannot obtain a lock resource
  701: 'resources', // insufficient system memory
  8645: 'resources', // timeout waiting for memory
  8651: 'resources', // low memory condition
  10928: 'resources', // Azure: resource limit reached
  10929: 'resources', // Azure: resource limit
  40501: 'resources', // Azure: service busy
  6005: 'shutdown', // SHUTDOWN is in progress
  17142: 'shutdown', // server paused
  40613: 'shutdown', // Azure: database unavailable
  40197: 'shutdown', // Azure: service error (failover)
  49918: 'resources', // Azure
  49919: 'resources', // Azure
  49920: 'resources', // Azure
  4221: 'shutdown', // login to read-secondary failed (AG)
  976: 'shutdown', // AG replica not accessible
  978: 'shutdown', // AG read-only routing
  983: 'shutdown', // AG database not accessible
  3906: 'shutdown', // read-only database (failover)
  18401: 'shutdown', // login failed: server in script upgrade mode
  233: 'connection', // no process on the other end of the pipe
  10053: 'connection', // transport: connection aborted
  10054: 'connection', // transport: connection reset
  10060: 'connection', // transport: timeout
  64: 'connection', // specified network name no longer available
  // permanent
  102: 'syntax', // incorrect syntax near
  105: 'syntax', // unclosed quotation mark
  156: 'syntax', // incorrect syntax near keyword
  170: 'syntax',
  319: 'syntax',
  10713: 'syntax', // MERGE must be terminated by a semicolon
  137: 'syntax', // must declare the scalar variable
  201: 'syntax', // procedure expects parameter
  8178: 'syntax', // parameterized query expects parameter
  207: 'undefined_object', // invalid column name
  208: 'undefined_object', // invalid object name
  2812: 'undefined_object', // could not find stored procedure
  4121: 'undefined_object', // cannot find function
  229: 'permission', // permission denied on object
  230: 'permission', // permission denied on column
  262: 'permission', // permission denied in database
  297: 'permission',
  300: 'permission',
  18456: 'auth', // login failed
  18452: 'auth', // untrusted domain login
  18486: 'auth', // account locked out
  18487: 'auth', // password expired
  18488: 'auth', // password must be changed
  4060: 'auth', // cannot open database requested by the login
  2627: 'constraint', // unique constraint violation
  2601: 'constraint', // duplicate key in unique index
  547: 'constraint', // FK / CHECK conflict
  515: 'constraint', // cannot insert NULL
  245: 'data', // conversion failed
  8114: 'data', // error converting data type
  8115: 'data', // arithmetic overflow
  241: 'data', // conversion failed (date/time from string)
  242: 'data', // out-of-range datetime
  8152: 'data', // string or binary data would be truncated
  2628: 'data', // … truncated in column (2019+)
  220: 'data', // arithmetic overflow
  8134: 'data', // divide by zero
  295: 'data',
};

const MSSQL_CODES: Record<string, SqlFailureKind> = {
  ESOCKET: 'connection',
  ECONNCLOSED: 'connection',
  ENOTOPEN: 'connection',
  ENOCONN: 'connection',
  EINSTLOOKUP: 'connection',
  ECONNRESET: 'connection',
  ECLOSE: 'connection',
  EREQINPROG: 'connection',
  EALREADYCONNECTING: 'connection',
  ETIMEOUT: 'timeout',
  ECANCEL: 'aborted',
  EABORT: 'conflict', // the server rolled the transaction back (e.g. XACT_ABORT)
  ELOGIN: 'auth',
  EENCRYPT: 'config', // TLS: e.g. a self-signed certificate without TrustServerCertificate=true
  EFEDAUTH: 'auth',
  EINJECT: 'rejected',
  EARGS: 'rejected',
  EDUPEPARAM: 'rejected',
  EPARAM: 'data',
  EJSON: 'data',
};

// ── Node / socket errors (all drivers) ──────────────────────────────────────

const NODE_CODES: Record<string, SqlFailureKind> = {
  ECONNREFUSED: 'connection',
  ECONNRESET: 'connection',
  ECONNABORTED: 'connection',
  EPIPE: 'connection',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'connection',
  EHOSTDOWN: 'connection',
  ENETUNREACH: 'connection',
  ENETDOWN: 'connection',
  ENOTFOUND: 'connection',
  EAI_AGAIN: 'connection',
  EADDRNOTAVAIL: 'connection',
  ENOTCONN: 'connection',
  ESHUTDOWN: 'connection',
  ERR_SOCKET_CLOSED: 'connection',
  ERR_STREAM_DESTROYED: 'connection',
  ERR_TLS_CERT_ALTNAME_INVALID: 'config',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'config',
  SELF_SIGNED_CERT_IN_CHAIN: 'config',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'config',
  CERT_HAS_EXPIRED: 'config',
};

/** Driver messages that mean "the connection went away" but carry no code (pg, tedious). */
const CONNECTION_WORDS =
  /connection terminated|terminating connection|timeout exceeded when trying to connect|query read timeout|not queryable|connection (?:is )?closed|socket hang up|server closed the connection|connection lost|connection ended|can't add new command when connection is in closed state|failed to connect|could not connect/i;

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' ? (v as Obj) : null);

/** The error and the ones it wraps (cause, originalError, AggregateError.errors), breadth first. */
function chain(err: unknown): Obj[] {
  const out: Obj[] = [];
  const queue: unknown[] = [err];
  while (queue.length && out.length < 12) {
    const o = asObj(queue.shift());
    if (!o || out.includes(o)) continue;
    out.push(o);
    queue.push(o.originalError, o.cause);
    if (Array.isArray(o.errors)) queue.push(...(o.errors as unknown[]).slice(0, 4));
  }
  return out;
}

function messageOf(err: unknown): string {
  const o = asObj(err);
  if (!o) return String(err);
  const own = typeof o.message === 'string' ? o.message : '';
  if (own) return own;
  // AggregateError (several addresses refused) has an empty message of its own.
  for (const e of chain(err).slice(1)) if (typeof e.message === 'string' && e.message) return e.message;
  return typeof o.code === 'string' ? o.code : String(err);
}

interface Detected {
  kind: SqlFailureKind;
  code?: string;
}

function detectPg(list: Obj[]): Detected | null {
  for (const e of list) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && !/^E[A-Z]{4}$/.test(e.code)) {
      return { kind: pgKind(e.code), code: e.code };
    }
  }
  return null;
}

function detectMysql(list: Obj[]): Detected | null {
  for (const e of list) {
    if (typeof e.errno === 'number' && typeof e.code === 'string' && (e.code.startsWith('ER_') || 'sqlState' in e)) {
      return { kind: MYSQL_ERRNO[e.errno] ?? 'rejected', code: `${e.errno} ${e.code}` };
    }
    if (typeof e.errno === 'number' && MYSQL_ERRNO[e.errno]) return { kind: MYSQL_ERRNO[e.errno] as SqlFailureKind, code: String(e.errno) };
    if (typeof e.code === 'string' && MYSQL_CLIENT_CODES[e.code]) return { kind: MYSQL_CLIENT_CODES[e.code] as SqlFailureKind, code: e.code };
  }
  return null;
}

function detectMssql(list: Obj[]): Detected | null {
  for (const e of list) {
    const num = typeof e.number === 'number' ? e.number : asObj(e.info) && typeof (e.info as Obj).number === 'number' ? ((e.info as Obj).number as number) : undefined;
    const severity = typeof e.class === 'number' ? e.class : asObj(e.info) && typeof (e.info as Obj).class === 'number' ? ((e.info as Obj).class as number) : undefined;
    if (num !== undefined) {
      const known = MSSQL_NUMBER[num];
      if (known) return { kind: known, code: String(num) };
      // Severity 20+ ends the connection (hardware/software fault): transient.
      if (severity !== undefined && severity >= 20) return { kind: 'connection', code: String(num) };
      // Anything else the server refused, including RAISERROR/THROW (50000+) in the ERP's own code.
      return { kind: 'rejected', code: String(num) };
    }
  }
  for (const e of list) {
    if (typeof e.code === 'string' && NODE_CODES[e.code]) return { kind: NODE_CODES[e.code] as SqlFailureKind, code: e.code };
  }
  for (const e of list) {
    if (typeof e.code === 'string' && MSSQL_CODES[e.code]) {
      // A login refused because the server is starting or shutting down is not a wrong password.
      if (e.code === 'ELOGIN' && /starting up|shutting down|shutdown|recovery|upgrade mode|not currently available/i.test(messageOf(e))) {
        return { kind: 'shutdown', code: e.code };
      }
      return { kind: MSSQL_CODES[e.code] as SqlFailureKind, code: e.code };
    }
  }
  return null;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Classifies a driver error. `secrets` (the connection string's password) are scrubbed from the
 * message. Pure: no I/O, so the mssql shapes are tested without a server.
 */
export function classifySqlError(dialect: SqlDialect, err: unknown, secrets: readonly string[] = []): SqlFailure {
  let d: Detected | null = null;
  if (err instanceof SqlAbortedError) d = { kind: 'aborted' };
  const list = chain(err);
  if (!d) d = dialect === 'postgres' ? detectPg(list) : dialect === 'mysql' ? detectMysql(list) : detectMssql(list);
  if (!d) {
    for (const e of list) {
      if (typeof e.code === 'string' && NODE_CODES[e.code]) {
        d = { kind: NODE_CODES[e.code] as SqlFailureKind, code: e.code };
        break;
      }
    }
  }
  const raw = messageOf(err);
  if (!d && CONNECTION_WORDS.test(raw)) d = { kind: 'connection' };
  if (!d) {
    const code = list.map((e) => e.code).find((c): c is string => typeof c === 'string');
    d = code ? { kind: 'unknown', code } : { kind: 'unknown' };
  }
  const detail = d.kind === 'aborted' ? '' : clip(scrubSecrets(raw.replace(/\s+/g, ' ').trim(), secrets), 360);
  const codeText = d.code ? `${DIALECT_LABELS[dialect]} ${d.code}` : '';
  const retry = isTransientKind(d.kind) ? '，稍后自动重试' : '';
  const message = clip(
    `${SQL_FAILURE_LABELS[d.kind]}${retry}${detail ? `：${detail}` : ''}${codeText ? `（${codeText}）` : ''}`,
    500,
  );
  const out: SqlFailure = { permanent: !isTransientKind(d.kind), kind: d.kind, message };
  if (d.code) out.code = d.code;
  return out;
}
