import { describe, expect, it } from 'vitest';
import {
  SqlWritebackConfigError,
  connectionStringProblem,
  parseSqlWritebackConfig,
  parseSqlWritebackSettings,
  redactConnectionString,
  sqlWritebackConfigSchema,
} from '../../../electron/core/erp/sqlWriteback';
import { connectionSecrets, mssqlConfigFromConnectionString, scrubSecrets } from '../../../electron/core/erp/sqlWriteback/config';

const PG = 'postgres://erp_writer:S3cr%40t-pw@10.0.0.5:5432/erp';

const configError = (input: unknown): SqlWritebackConfigError => {
  try {
    parseSqlWritebackConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlWritebackConfigError);
    return e as SqlWritebackConfigError;
  }
  throw new Error('expected the config to be refused');
};

describe('SqlWritebackConfig schema', () => {
  it('accepts a valid config, drops blank templates and trims the connection string', () => {
    const c = parseSqlWritebackConfig({
      dialect: 'postgres',
      connectionString: `  ${PG}  `,
      templates: { 'shipment.delivered': 'UPDATE po SET received_at = :deliveredAt WHERE po_no = :erpRef', 'order.delivered': '   ' },
      statementTimeoutMs: 5_000,
    });
    expect(c).toEqual({
      dialect: 'postgres',
      connectionString: PG,
      templates: { 'shipment.delivered': 'UPDATE po SET received_at = :deliveredAt WHERE po_no = :erpRef' },
      statementTimeoutMs: 5_000,
    });
  });

  it('an unknown parameter is refused at save time, at the template’s path, in Chinese', () => {
    const e = configError({
      dialect: 'mysql',
      connectionString: 'mysql://u:p@h/db',
      templates: { 'shipment.exception': 'UPDATE po SET note = :remarks WHERE po_no = :erpRef' },
    });
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]?.path).toBe('templates.shipment.exception');
    expect(e.message).toContain('「shipment.exception」的模板：未知参数 :remarks');
    expect(e.message).toContain('是否想写 :remark');
  });

  it('refuses unknown event types, unknown dialects, a bad timeout and a connection string of another database', () => {
    expect(configError({ dialect: 'postgres', connectionString: PG, templates: { 'shipment.lost': 'SELECT 1' } }).message).toContain(
      '未知的事件类型：shipment.lost',
    );
    expect(configError({ dialect: 'oracle', connectionString: PG, templates: {} }).message).toContain('数据库类型只能是');
    expect(configError({ dialect: 'postgres', connectionString: PG, templates: {}, statementTimeoutMs: 10 }).message).toContain('至少 500');
    expect(configError({ dialect: 'postgres', connectionString: 'mysql://u:p@h/db', templates: {} }).message).toContain('postgres://');
    expect(configError({ dialect: 'postgres', connectionString: '', templates: {} }).message).toContain('请填写数据库连接串');
  });

  it('error messages never contain the connection string or its password', () => {
    const e = configError({ dialect: 'mysql', connectionString: PG, templates: { 'order.delivered': 'SELECT :nope' } });
    expect(e.message).not.toContain('S3cr');
    expect(e.message).not.toContain('10.0.0.5');
    expect(JSON.stringify(e.issues)).not.toContain('S3cr');
  });

  it('the secret-less settings schema (Settings form, preview) has no connection string', () => {
    expect(parseSqlWritebackSettings({ dialect: 'mssql', templates: { 'order.delivered': 'UPDATE po SET s = 1 WHERE p = :erpRef;' } })).toEqual({
      dialect: 'mssql',
      templates: { 'order.delivered': 'UPDATE po SET s = 1 WHERE p = :erpRef;' },
    });
    expect(() => parseSqlWritebackSettings({ dialect: 'mssql', templates: { 'order.delivered': 'DECLARE @p1 int' } })).toThrow(/@p1/);
    expect(sqlWritebackConfigSchema.safeParse({ dialect: 'postgres', templates: {} }).success).toBe(false);
  });
});

describe('connection strings', () => {
  it('accepts each dialect’s forms', () => {
    expect(connectionStringProblem('postgres', PG)).toBeNull();
    expect(connectionStringProblem('postgres', 'postgresql://u@localhost/db?sslmode=require')).toBeNull();
    expect(connectionStringProblem('mysql', 'mariadb://u:p@127.0.0.1:3306/erp')).toBeNull();
    expect(connectionStringProblem('mssql', 'Server=192.168.1.10,1433;Database=erp;User Id=sa;Password=x;TrustServerCertificate=true')).toBeNull();
    expect(connectionStringProblem('mssql', 'Data Source=erp-db\\SQLEXPRESS;Initial Catalog=erp;User ID=sa;Password=x')).toBeNull();
    expect(connectionStringProblem('mssql', 'sqlserver://sa:x@erp-db:1433/erp')).toBeNull();
  });

  it('explains what is wrong, in Chinese', () => {
    expect(connectionStringProblem('mysql', 'Server=x;Database=y')).toContain('mysql://');
    expect(connectionStringProblem('mssql', 'Database=erp;User Id=sa')).toContain('缺少 Server=');
    expect(connectionStringProblem('postgres', 'postgres://')).toMatch(/有效的地址|主机名/);
  });

  it('redactConnectionString masks the password in every form and keeps the rest', () => {
    expect(redactConnectionString(PG)).toBe('postgres://erp_writer:***@10.0.0.5:5432/erp');
    // An unencoded @ in the password: the user/host split is at the LAST @ of the authority.
    expect(redactConnectionString('mysql://root:p@ss@word@db.local:3306/erp')).toBe('mysql://root:***@db.local:3306/erp');
    expect(redactConnectionString('mysql://root:pa/ss@db.local/erp')).toBe('mysql://root:***@db.local/erp');
    expect(redactConnectionString('postgres://u@h/db?sslpassword=k3y&application_name=x&password=pw')).toBe(
      'postgres://u@h/db?sslpassword=***&application_name=x&password=***',
    );
    expect(redactConnectionString('mysql://root@localhost/erp')).toBe('mysql://root@localhost/erp');
    expect(redactConnectionString('Server=db;Database=erp;User Id=sa;Password=Pa;ss;Encrypt=true')).toBe(
      'Server=db;Database=erp;User Id=sa;Password=***;ss;Encrypt=true',
    );
    expect(redactConnectionString('Server=db; PWD = {a;b}};c} ;Database=erp')).toBe('Server=db; PWD = *** ;Database=erp');
    expect(redactConnectionString('Server=db;Password="x""y";Client Secret=abc')).toBe('Server=db;Password=***;Client Secret=***');
  });

  it('connectionSecrets finds the password (raw and decoded) to scrub driver messages', () => {
    expect(connectionSecrets(PG)).toEqual(expect.arrayContaining(['S3cr%40t-pw', 'S3cr@t-pw']));
    expect(connectionSecrets('Server=db;Password={a;b}};c};User Id=sa')).toEqual(['a;b};c']);
    expect(scrubSecrets('login S3cr@t-pw failed for postgres://x:y@h/db', connectionSecrets(PG))).toBe('login *** failed for postgres://x:***@h/db');
  });

  it('mssql: the ADO form and an mssql:// URL give the same driver config', () => {
    const ado = mssqlConfigFromConnectionString('Server=erp-db,1444;Database=erp;User Id=sa;Password=p@ss;TrustServerCertificate=true');
    expect(ado).toMatchObject({ server: 'erp-db', port: 1444, database: 'erp', user: 'sa', password: 'p@ss' });
    expect(ado.options).toMatchObject({ trustServerCertificate: true });
    const url = mssqlConfigFromConnectionString('mssql://sa:p%40ss@erp-db:1444/erp?trustServerCertificate=true&encrypt=false');
    expect(url).toMatchObject({ server: 'erp-db', port: 1444, database: 'erp', user: 'sa', password: 'p@ss' });
    expect(url.options).toMatchObject({ trustServerCertificate: true, encrypt: false });
    expect(mssqlConfigFromConnectionString('mssql://sa:x@erp-db/SQLEXPRESS/erp')).toMatchObject({
      database: 'erp',
      options: { instanceName: 'SQLEXPRESS' },
    });
  });
});
