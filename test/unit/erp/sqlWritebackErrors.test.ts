// The error classifier: which database failures are retried (transient) and which go dead
// (permanent). PostgreSQL and MariaDB are also exercised for real by
// test/integration/sqlWriteback.test.ts; SQL Server cannot run here, so its error SHAPES are built
// with the mssql package's own error classes, the way its tedious driver builds them.
import sql from 'mssql';
import { describe, expect, it } from 'vitest';
import { SqlAbortedError, classifySqlError, type SqlFailureKind } from '../../../electron/core/erp/sqlWriteback';

const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

/** A server error as mssql's tedious request handler wraps it (lib/tedious/request.js handleError). */
function mssqlServerError(number: number, message: string, severity = 16) {
  const inner = Object.assign(new Error(message), { info: { number, state: 1, class: severity, message, serverName: 'ERP-DB', procName: '', lineNumber: 1 } });
  return new sql.RequestError(inner, 'EREQUEST');
}
const tediousConnError = (message: string, code: string, cause?: unknown) =>
  new sql.ConnectionError(Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code }));

type Case = [string, unknown, SqlFailureKind, boolean];

describe('classifySqlError: PostgreSQL (SQLSTATE)', () => {
  const pgErr = (code: string, message: string) => withProps(message, { code, severity: 'ERROR', name: 'error' });
  const cases: Case[] = [
    ['connection refused', withProps('connect ECONNREFUSED 10.0.0.5:5432', { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }), 'connection', false],
    ['connection reset', withProps('read ECONNRESET', { code: 'ECONNRESET' }), 'connection', false],
    ['pool connect timeout (no code)', new Error('timeout exceeded when trying to connect'), 'connection', false],
    ['connection terminated (no code)', new Error('Connection terminated unexpectedly'), 'connection', false],
    ['client-side query timeout', new Error('Query read timeout'), 'connection', false],
    ['DNS failure', withProps('getaddrinfo ENOTFOUND erp-db', { code: 'ENOTFOUND' }), 'connection', false],
    ['admin shutdown (restart)', pgErr('57P01', 'terminating connection due to administrator command'), 'shutdown', false],
    ['starting up', pgErr('57P03', 'the database system is starting up'), 'shutdown', false],
    ['statement timeout', pgErr('57014', 'canceling statement due to statement timeout'), 'timeout', false],
    ['deadlock', pgErr('40P01', 'deadlock detected'), 'conflict', false],
    ['serialization failure', pgErr('40001', 'could not serialize access due to concurrent update'), 'conflict', false],
    ['lock not available', pgErr('55P03', 'could not obtain lock on row'), 'conflict', false],
    ['too many connections', pgErr('53300', 'sorry, too many clients already'), 'resources', false],
    ['disk full', pgErr('53100', 'could not extend file'), 'resources', false],
    ['connection failure class 08', pgErr('08006', 'connection failure'), 'connection', false],
    ['read-only standby after failover', pgErr('25006', 'cannot execute UPDATE in a read-only transaction'), 'shutdown', false],
    ['syntax error', pgErr('42601', 'syntax error at or near "SETT"'), 'syntax', true],
    ['undefined table', pgErr('42P01', 'relation "purchase_orders" does not exist'), 'undefined_object', true],
    ['undefined column', pgErr('42703', 'column "recieved_at" of relation "purchase_order" does not exist'), 'undefined_object', true],
    ['undefined function', pgErr('42883', 'function nope(text) does not exist'), 'undefined_object', true],
    ['permission denied', pgErr('42501', 'permission denied for table purchase_order'), 'permission', true],
    ['unique violation', pgErr('23505', 'duplicate key value violates unique constraint "tracker_event_log_pkey"'), 'constraint', true],
    ['not null violation', pgErr('23502', 'null value in column "po_no" violates not-null constraint'), 'constraint', true],
    ['foreign key violation', pgErr('23503', 'insert or update violates foreign key constraint'), 'constraint', true],
    ['invalid datetime', pgErr('22007', 'invalid input syntax for type timestamp with time zone: "已签收"'), 'data', true],
    ['numeric out of range', pgErr('22003', 'value "3712490012345678901" is out of range for type integer'), 'data', true],
    ['datatype mismatch', pgErr('42804', 'column "received_at" is of type timestamp but expression is of type integer'), 'data', true],
    ['wrong password', pgErr('28P01', 'password authentication failed for user "erp"'), 'auth', true],
    ['no such database', pgErr('3D000', 'database "erp2" does not exist'), 'auth', true],
    ['trigger RAISE', pgErr('P0001', '采购单已关闭'), 'rejected', true],
  ];
  it.each(cases)('%s', (_name, err, kind, permanent) => {
    expect(classifySqlError('postgres', err)).toMatchObject({ kind, permanent });
  });
});

describe('classifySqlError: MySQL / MariaDB (errno)', () => {
  const myErr = (errno: number, code: string, message: string, fatal = false) =>
    withProps(message, { errno, code, sqlState: 'HY000', sqlMessage: message, ...(fatal ? { fatal: true } : {}) });
  const cases: Case[] = [
    ['connection refused', withProps('connect ECONNREFUSED 127.0.0.1:3306', { code: 'ECONNREFUSED', errno: -111, fatal: true }), 'connection', false],
    ['connection lost', withProps('Connection lost: The server closed the connection.', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }), 'connection', false],
    ['client timeout', withProps('Query inactivity timeout', { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }), 'timeout', false],
    ['closed connection', withProps("Can't add new command when connection is in closed state", { fatal: true }), 'connection', false],
    ['server shutdown', myErr(1053, 'ER_SERVER_SHUTDOWN', 'Server shutdown in progress', true), 'shutdown', false],
    ['connection killed (MariaDB)', myErr(1927, 'ER_CONNECTION_KILLED', 'Connection was killed', true), 'shutdown', false],
    ['deadlock', myErr(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock; try restarting transaction'), 'conflict', false],
    ['lock wait timeout', myErr(1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded'), 'conflict', false],
    ['too many connections', myErr(1040, 'ER_CON_COUNT_ERROR', 'Too many connections', true), 'resources', false],
    ['statement timeout (MariaDB)', myErr(1969, 'ER_STATEMENT_TIMEOUT', 'Query execution was interrupted (max_statement_time exceeded)'), 'timeout', false],
    ['read-only after failover', myErr(1836, 'ER_READ_ONLY_MODE', 'Running in read-only mode'), 'shutdown', false],
    ['syntax', myErr(1064, 'ER_PARSE_ERROR', 'You have an error in your SQL syntax'), 'syntax', true],
    ['no such table', myErr(1146, 'ER_NO_SUCH_TABLE', "Table 'erp.purchase_orders' doesn't exist"), 'undefined_object', true],
    ['unknown column', myErr(1054, 'ER_BAD_FIELD_ERROR', "Unknown column 'recieved_at' in 'field list'"), 'undefined_object', true],
    ['table access denied', myErr(1142, 'ER_TABLEACCESS_DENIED_ERROR', 'UPDATE command denied to user'), 'permission', true],
    ['wrong password', myErr(1045, 'ER_ACCESS_DENIED_ERROR', "Access denied for user 'erp'@'10.0.0.9' (using password: YES)", true), 'auth', true],
    ['unknown database', myErr(1049, 'ER_BAD_DB_ERROR', "Unknown database 'erp2'", true), 'auth', true],
    ['duplicate entry', myErr(1062, 'ER_DUP_ENTRY', "Duplicate entry 'k' for key 'PRIMARY'"), 'constraint', true],
    ['foreign key', myErr(1452, 'ER_NO_REFERENCED_ROW_2', 'Cannot add or update a child row'), 'constraint', true],
    ['null', myErr(1048, 'ER_BAD_NULL_ERROR', "Column 'po_no' cannot be null"), 'constraint', true],
    ['check constraint (MariaDB)', myErr(4025, 'ER_CONSTRAINT_FAILED', 'CONSTRAINT `qty` failed'), 'constraint', true],
    ['bad datetime', myErr(1292, 'ER_TRUNCATED_WRONG_VALUE', "Incorrect datetime value: '已签收'"), 'data', true],
    ['too long', myErr(1406, 'ER_DATA_TOO_LONG', "Data too long for column 'remark'"), 'data', true],
    ['unknown server errno', myErr(1644, 'ER_SIGNAL_EXCEPTION', '采购单已关闭'), 'rejected', true],
  ];
  it.each(cases)('%s', (_name, err, kind, permanent) => {
    expect(classifySqlError('mysql', err)).toMatchObject({ kind, permanent });
  });
});

describe('classifySqlError: SQL Server (mssql/tedious shapes)', () => {
  const refused = new AggregateError([withProps('connect ECONNREFUSED 10.0.0.5:1433', { code: 'ECONNREFUSED' })], 'Could not connect (sequence)');
  const cases: Case[] = [
    ['socket refused', tediousConnError('Failed to connect to 10.0.0.5:1433 - Could not connect (sequence)', 'ESOCKET', refused), 'connection', false],
    ['socket error', tediousConnError('Connection lost - read ECONNRESET', 'ESOCKET'), 'connection', false],
    ['connect timeout', tediousConnError('Failed to connect to erp-db:1433 in 15000ms', 'ETIMEOUT'), 'timeout', false],
    ['instance lookup', tediousConnError('Failed to get response from SQL Server Browser on erp-db', 'EINSTLOOKUP'), 'connection', false],
    ['pool closed', new sql.ConnectionError('Connection is closed.', 'ECONNCLOSED'), 'connection', false],
    ['request timeout', new sql.RequestError(withProps('Timeout: Request failed to complete in 8000ms', { code: 'ETIMEOUT' }), 'ETIMEOUT'), 'timeout', false],
    ['cancelled', new sql.RequestError('Canceled.', 'ECANCEL'), 'aborted', false],
    ['transaction aborted', new sql.TransactionError('Transaction has been aborted.', 'EABORT'), 'conflict', false],
    ['deadlock victim 1205', mssqlServerError(1205, 'Transaction (Process ID 61) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.', 13), 'conflict', false],
    ['lock timeout 1222', mssqlServerError(1222, 'Lock request time out period exceeded.'), 'conflict', false],
    ['snapshot conflict 3960', mssqlServerError(3960, 'Snapshot isolation transaction aborted due to update conflict.'), 'conflict', false],
    ['shutdown 6005', mssqlServerError(6005, 'SHUTDOWN is in progress.', 14), 'shutdown', false],
    ['Azure unavailable 40613', mssqlServerError(40613, 'Database on server is not currently available.', 17), 'shutdown', false],
    ['Azure busy 40501', mssqlServerError(40501, 'The service is currently busy.', 20), 'resources', false],
    ['unknown number, severity 20+', mssqlServerError(9999, 'A severe error occurred on the current command.', 20), 'connection', false],
    ['login while starting up', tediousConnError("Login failed for user 'erp'. Reason: Server is in script upgrade mode.", 'ELOGIN'), 'shutdown', false],
    ['syntax 102', mssqlServerError(102, "Incorrect syntax near 'SETT'.", 15), 'syntax', true],
    ['invalid column 207', mssqlServerError(207, "Invalid column name 'recieved_at'."), 'undefined_object', true],
    ['invalid object 208', mssqlServerError(208, "Invalid object name 'dbo.purchase_orders'."), 'undefined_object', true],
    ['must declare variable 137', mssqlServerError(137, 'Must declare the scalar variable "@at".', 15), 'syntax', true],
    ['permission 229', mssqlServerError(229, "The UPDATE permission was denied on the object 'purchase_order'.", 14), 'permission', true],
    ['unique 2627', mssqlServerError(2627, "Violation of PRIMARY KEY constraint 'PK_log'. Cannot insert duplicate key.", 14), 'constraint', true],
    ['unique index 2601', mssqlServerError(2601, "Cannot insert duplicate key row in object 'dbo.log' with unique index 'UX_key'.", 14), 'constraint', true],
    ['FK/CHECK 547', mssqlServerError(547, 'The UPDATE statement conflicted with the CHECK constraint "CK_qty".'), 'constraint', true],
    ['NULL 515', mssqlServerError(515, "Cannot insert the value NULL into column 'po_no'."), 'constraint', true],
    ['conversion 245', mssqlServerError(245, "Conversion failed when converting the nvarchar value '已签收' to data type int."), 'data', true],
    ['date conversion 241', mssqlServerError(241, 'Conversion failed when converting date and/or time from character string.'), 'data', true],
    ['truncation 2628', mssqlServerError(2628, "String or binary data would be truncated in table 'erp.dbo.log', column 'remark'."), 'data', true],
    ['login failed', tediousConnError("Login failed for user 'erp'.", 'ELOGIN'), 'auth', true],
    ['login 18456 number', mssqlServerError(18456, "Login failed for user 'erp'.", 14), 'auth', true],
    ['cannot open database 4060', mssqlServerError(4060, 'Cannot open database "erp2" requested by the login.', 11), 'auth', true],
    ['TLS self-signed', tediousConnError('Failed to connect: self-signed certificate', 'EENCRYPT'), 'config', true],
    ['THROW in the ERP trigger', mssqlServerError(50000, '采购单已关闭，不能回写', 16), 'rejected', true],
  ];
  it.each(cases)('%s', (_name, err, kind, permanent) => {
    expect(classifySqlError('mssql', err)).toMatchObject({ kind, permanent });
  });

  it('reports the SQL Server number in the clerk’s message next to the server’s own text', () => {
    const f = classifySqlError('mssql', mssqlServerError(207, "Invalid column name 'recieved_at'."));
    expect(f.message).toBe("表、列或函数不存在：Invalid column name 'recieved_at'.（SQL Server 207）");
    expect(f.code).toBe('207');
  });
});

describe('classifySqlError: messages', () => {
  it('says whether it will retry, keeps the database’s words, and scrubs the secret', () => {
    const t = classifySqlError('postgres', withProps('connect ECONNREFUSED 10.0.0.5:5432', { code: 'ECONNREFUSED' }));
    expect(t.message).toBe('无法连接数据库，稍后自动重试：connect ECONNREFUSED 10.0.0.5:5432（PostgreSQL ECONNREFUSED）');
    const p = classifySqlError('mysql', withProps("Access denied for user 'erp' with S3cret!", { errno: 1045, code: 'ER_ACCESS_DENIED_ERROR', sqlState: '28000' }), ['S3cret!']);
    expect(p.message).toContain("Access denied for user 'erp' with ***");
    expect(p.message).not.toContain('S3cret!');
    const url = classifySqlError('postgres', new Error('bad target postgres://erp:hunter22@db/erp'));
    expect(url.message).not.toContain('hunter22');
  });

  it('stays within the 500 characters the outbox keeps', () => {
    const f = classifySqlError('postgres', withProps('x'.repeat(5_000), { code: '42601' }));
    expect(f.message.length).toBeLessThanOrEqual(500);
    expect(f.permanent).toBe(true);
  });

  it('an abort is transient; an error nobody recognises without a server code is transient; with one it is permanent', () => {
    expect(classifySqlError('mysql', new SqlAbortedError())).toMatchObject({ kind: 'aborted', permanent: false, message: '写入已中止，稍后自动重试' });
    expect(classifySqlError('postgres', new Error('something odd'))).toMatchObject({ kind: 'unknown', permanent: false });
    expect(classifySqlError('postgres', withProps('odd', { code: 'ZZ999' }))).toMatchObject({ kind: 'rejected', permanent: true });
    expect(classifySqlError('mssql', 'a string')).toMatchObject({ kind: 'unknown', permanent: false });
  });
});
