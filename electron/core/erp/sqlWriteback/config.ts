// Runs in: main process / headless Node.
// The SQL write-back's settings. The connection string is a SECRET: it lives in the SecretStore,
// is never logged and never goes back to the UI (the UI gets SqlWritebackSettings, which has no
// connection string, and at most redactConnectionString(...) in a message).
//
// Connection strings:
//   postgres  postgres://user:password@host:5432/db?sslmode=require   (postgresql:// too)
//   mysql     mysql://user:password@host:3306/db                       (mariadb:// too)
//   mssql     Server=host,1433;Database=db;User Id=user;Password=…;Encrypt=true;TrustServerCertificate=true
//             or mssql://user:password@host:1433/db?encrypt=true&trustServerCertificate=true
// Special characters in a URL's user or password must be percent-encoded (p@ss → p%40ss).
import { z } from 'zod';
import { TemplateError, compileTemplate, type CompiledTemplate } from './templates';
import { DIALECT_LABELS, SQL_DIALECTS, SQL_EVENT_TYPES, type SqlDialect, type SqlEventType } from './types';

export const DEFAULT_STATEMENT_TIMEOUT_MS = 8_000;

export interface SqlWritebackConfig {
  dialect: SqlDialect;
  /** SECRET (SecretStore only). */
  connectionString: string;
  /** One template per event type; an event type without one is not written anywhere. */
  templates: Partial<Record<SqlEventType, string>>;
  /** Longest a statement may run before it is cancelled (a transient failure). Default 8 s. */
  statementTimeoutMs?: number;
}

/** Everything but the secret: what Settings shows and what previewSql needs. */
export type SqlWritebackSettings = Omit<SqlWritebackConfig, 'connectionString'>;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const template = z.preprocess(blankToUndefined, z.string({ error: '模板必须是文本' }).optional());
const templateShape = {
  'shipment.delivered': template,
  'shipment.exception': template,
  'shipment.returned': template,
  'order.delivered': template,
  'shipment.status_changed': template,
  'shipment.received': template,
} satisfies Record<SqlEventType, typeof template>;
const templatesSchema = z
  .strictObject(templateShape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `未知的事件类型：${iss.keys.join('、')}` : undefined),
  })
  .transform((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Partial<Record<SqlEventType, string>>);

const dialectSchema = z.enum(SQL_DIALECTS, { error: `数据库类型只能是 ${SQL_DIALECTS.join(' / ')}` });
const timeoutSchema = z
  .number({ error: '语句超时必须是毫秒数' })
  .int('语句超时必须是整数毫秒')
  .min(500, '语句超时至少 500 毫秒')
  .max(300_000, '语句超时最多 300000 毫秒（5 分钟）')
  .optional();

function checkTemplates(v: { dialect: SqlDialect; templates: Partial<Record<SqlEventType, string>> }, ctx: z.RefinementCtx) {
  for (const [type, sql] of Object.entries(v.templates)) {
    if (sql === undefined) continue;
    try {
      compileTemplate(sql, v.dialect);
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        path: ['templates', type],
        message: `「${type}」的模板：${e instanceof TemplateError ? e.message : String(e)}`,
      });
    }
  }
}

/** Settings without the secret (Settings form, preview). Templates are compiled to check them. */
export const sqlWritebackSettingsSchema = z
  .object({ dialect: dialectSchema, templates: templatesSchema, statementTimeoutMs: timeoutSchema })
  .superRefine(checkTemplates);

/** The whole configuration, as createSqlTarget takes it. */
export const sqlWritebackConfigSchema = z
  .object({
    dialect: dialectSchema,
    connectionString: z.string({ error: '请填写数据库连接串' }).trim().min(1, '请填写数据库连接串').max(4_000, '连接串太长'),
    templates: templatesSchema,
    statementTimeoutMs: timeoutSchema,
  })
  .superRefine((v, ctx) => {
    const problem = connectionStringProblem(v.dialect, v.connectionString);
    if (problem) ctx.addIssue({ code: 'custom', path: ['connectionString'], message: problem });
    checkTemplates(v, ctx);
  });

/** Invalid settings; `message` is Chinese and never contains the connection string. */
export class SqlWritebackConfigError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(issues.map((i) => i.message).join('；'));
    this.name = 'SqlWritebackConfigError';
    this.issues = issues;
  }
}

function toConfigError(error: z.ZodError): SqlWritebackConfigError {
  return new SqlWritebackConfigError(error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

/** Validates (and normalises: blank templates dropped, string trimmed); throws SqlWritebackConfigError. */
export function parseSqlWritebackConfig(input: unknown): SqlWritebackConfig {
  const r = sqlWritebackConfigSchema.safeParse(input);
  if (!r.success) throw toConfigError(r.error);
  const { statementTimeoutMs, ...rest } = r.data;
  return statementTimeoutMs === undefined ? rest : { ...rest, statementTimeoutMs };
}

/** Same for the secret-less settings (what the Settings page saves next to the SecretStore entry). */
export function parseSqlWritebackSettings(input: unknown): SqlWritebackSettings {
  const r = sqlWritebackSettingsSchema.safeParse(input);
  if (!r.success) throw toConfigError(r.error);
  const { statementTimeoutMs, ...rest } = r.data;
  return statementTimeoutMs === undefined ? rest : { ...rest, statementTimeoutMs };
}

/** Compiles every template of valid settings. */
export function compileTemplates(s: Pick<SqlWritebackConfig, 'dialect' | 'templates'>): Map<SqlEventType, CompiledTemplate> {
  const out = new Map<SqlEventType, CompiledTemplate>();
  for (const t of SQL_EVENT_TYPES) {
    const sql = s.templates[t];
    if (sql !== undefined && sql.trim() !== '') out.set(t, compileTemplate(sql, s.dialect));
  }
  return out;
}

// ── connection strings ──────────────────────────────────────────────────────

const URL_SCHEMES: Record<SqlDialect, readonly string[]> = {
  postgres: ['postgres:', 'postgresql:'],
  mysql: ['mysql:', 'mariadb:'],
  mssql: ['mssql:', 'sqlserver:'],
};
const isUrlForm = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s.trim());

/** Keys whose value is a secret in ADO (key=value;…) strings and URL query strings. */
const SECRET_KEYS = /^(password|pwd|sslpassword|client[ _]?secret|msi[ _]?secret|token|access[ _]?token)$/i;

/** Why this string cannot be used for this dialect (Chinese), or null. Never echoes the string. */
export function connectionStringProblem(dialect: SqlDialect, s: string): string | null {
  const label = DIALECT_LABELS[dialect];
  const text = s.trim();
  if (isUrlForm(text)) {
    let u: URL;
    try {
      u = new URL(text);
    } catch {
      return `${label} 连接串不是有效的地址（用户名或密码中的特殊字符请用 % 编码，例如 @ 写作 %40）`;
    }
    if (!URL_SCHEMES[dialect].includes(u.protocol.toLowerCase())) {
      return `${label} 连接串应以 ${URL_SCHEMES[dialect].map((p) => `${p}//`).join(' 或 ')} 开头`;
    }
    if (!u.hostname) return `${label} 连接串缺少主机名`;
    return null;
  }
  if (dialect !== 'mssql') return `${label} 连接串应以 ${URL_SCHEMES[dialect].map((p) => `${p}//`).join(' 或 ')} 开头`;
  const keys = parseAdo(text).map(([k]) => k);
  if (!keys.some((k) => ['server', 'data source', 'address', 'addr', 'network address'].includes(k))) {
    return 'SQL Server 连接串缺少 Server=主机名（例如 Server=192.168.1.10,1433;Database=erp;User Id=…;Password=…）';
  }
  return null;
}

/** ADO-style `key=value;…` pairs (keys lower-cased; {…} and "…" values unquoted). */
function parseAdo(s: string): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  while (i < s.length) {
    const eq = s.indexOf('=', i);
    if (eq === -1) break;
    const key = s.slice(i, eq).replace(/^[\s;]+/, '').trim().toLowerCase();
    let j = eq + 1;
    while (s[j] === ' ') j++;
    let value = '';
    const open = s[j];
    if (open === '{' || open === '"' || open === "'") {
      const close = open === '{' ? '}' : open;
      j++;
      while (j < s.length) {
        if (s[j] === close) {
          if (s[j + 1] === close) {
            value += close;
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += s[j];
        j++;
      }
      const semi = s.indexOf(';', j);
      i = semi === -1 ? s.length : semi + 1;
    } else {
      const semi = s.indexOf(';', j);
      value = (semi === -1 ? s.slice(j) : s.slice(j, semi)).trim();
      i = semi === -1 ? s.length : semi + 1;
    }
    if (key) out.push([key, value]);
  }
  return out;
}

/** The connection string with its password (and any other secret) replaced by `***`. */
export function redactConnectionString(s: string): string {
  const text = s.trim();
  if (isUrlForm(text)) {
    const scheme = text.indexOf('://') + 3;
    let rest = text.slice(scheme);
    // userinfo ends at the LAST @ before the path: a password may hold an unencoded @.
    const pathStart = rest.search(/[/?#]/);
    const authority = pathStart === -1 ? rest : rest.slice(0, pathStart);
    const at = authority.lastIndexOf('@');
    if (at !== -1) {
      const userinfo = authority.slice(0, at);
      const colon = userinfo.indexOf(':');
      const masked = colon === -1 ? userinfo : `${userinfo.slice(0, colon)}:***`;
      rest = masked + rest.slice(at);
    } else {
      // An unencoded / or ? inside the password: mask everything between user: and the last @.
      const lastAt = rest.lastIndexOf('@');
      const colon = rest.indexOf(':');
      if (lastAt !== -1 && colon !== -1 && colon < lastAt) rest = `${rest.slice(0, colon)}:***${rest.slice(lastAt)}`;
    }
    rest = rest.replace(/([?&])([^=&#]+)=([^&#]*)/g, (m, sep: string, k: string) =>
      SECRET_KEYS.test(decodeURIComponentSafe(k)) ? `${sep}${k}=***` : m,
    );
    return text.slice(0, scheme) + rest;
  }
  // ADO form: rebuild only the secret values, keep the rest as written.
  return text.replace(
    /(^|;)(\s*)([^=;]+?)(\s*=\s*)(\{(?:[^}]|\}\})*\}|"(?:[^"]|"")*"|'(?:[^']|'')*'|[^;]*)/g,
    (m, lead: string, sp: string, key: string, eq: string) => (SECRET_KEYS.test(key.trim()) ? `${lead}${sp}${key}${eq}***` : m),
  );
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The secret parts of a connection string (raw and decoded), for scrubbing driver messages. */
export function connectionSecrets(s: string): string[] {
  const text = s.trim();
  const out = new Set<string>();
  if (isUrlForm(text)) {
    try {
      const u = new URL(text);
      if (u.password) {
        out.add(u.password);
        out.add(decodeURIComponentSafe(u.password));
      }
      for (const [k, v] of u.searchParams) if (SECRET_KEYS.test(k) && v) out.add(v);
    } catch {
      const m = /:\/\/[^:/?#]*:(.*)@[^@]*$/.exec(text);
      if (m?.[1]) out.add(m[1]);
    }
  } else {
    for (const [k, v] of parseAdo(text)) if (SECRET_KEYS.test(k) && v) out.add(v);
  }
  return [...out].filter((x) => x.length >= 3).sort((a, b) => b.length - a.length);
}

/** Replaces every secret (and anything that looks like URL credentials) in a message. */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) out = out.split(s).join('***');
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@\s]*@/gi, '$1:***@');
}

/** mssql's config object for a connection string (ADO form, or an mssql:// / sqlserver:// URL). */
export function mssqlConfigFromConnectionString(s: string): {
  server: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  options: Record<string, unknown>;
  [k: string]: unknown;
} {
  const text = s.trim();
  if (isUrlForm(text)) {
    const u = new URL(text);
    const options: Record<string, unknown> = {};
    const out: ReturnType<typeof mssqlConfigFromConnectionString> = { server: decodeURIComponentSafe(u.hostname), options };
    if (u.port) out.port = Number(u.port);
    const segs = u.pathname.split('/').filter(Boolean).map(decodeURIComponentSafe);
    // mssql://host/instance/db or mssql://host/db
    if (segs.length >= 2) {
      options.instanceName = segs[0];
      out.database = segs[1];
    } else if (segs.length === 1) {
      out.database = segs[0];
    }
    if (u.username) out.user = decodeURIComponentSafe(u.username);
    if (u.password) out.password = decodeURIComponentSafe(u.password);
    for (const [k, v] of u.searchParams) {
      const key = k.toLowerCase();
      const bool = /^(true|yes|1)$/i.test(v);
      if (key === 'encrypt') options.encrypt = bool;
      else if (key === 'trustservercertificate') options.trustServerCertificate = bool;
      else if (key === 'instancename') options.instanceName = v;
      else if (key === 'database') out.database = v;
      else if (key === 'domain') out.domain = v;
    }
    return out;
  }
  // mssql parses the ADO form itself (and knows every key); it is loaded lazily by the driver.
  const mssql = require('mssql') as typeof import('mssql');
  const parsed = mssql.ConnectionPool.parseConnectionString(text) as unknown as ReturnType<typeof mssqlConfigFromConnectionString>;
  parsed.options = parsed.options ?? {};
  return parsed;
}
