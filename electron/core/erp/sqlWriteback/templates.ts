// Runs in: main process / headless Node.
// SQL templates for the ERP write-back: one statement per event type, written by the ERP's
// administrator with NAMED parameters (`:deliveredAt`). compileTemplate turns them into the
// driver's positional form ($1… for pg, ? for mysql2, @p1… for mssql) and the values are always
// BOUND by the driver, never written into the SQL text.
//
// Decisions:
// - A small lexer, per dialect, finds the placeholders. Skipped (never placeholders):
//   '…' strings ('' escapes; backslash escapes in MySQL and in PostgreSQL E'…'),
//   PostgreSQL $$…$$ / $tag$…$tag$ bodies, quoted identifiers ("…" everywhere, `…` in MySQL,
//   […] in SQL Server; MySQL "…" is a string, skipped the same way), comments (-- to the end of
//   the line — in MySQL only when followed by a space, as MySQL itself reads it —, # in MySQL,
//   /* … */ nested in PostgreSQL and SQL Server), and `::` (PostgreSQL casts, SQL Server's
//   `geography::Point`, `ON SCHEMA::dbo`).
// - A placeholder is `:` + a letter or `_`, then letters, digits, `_` or `$`. The WHOLE run is
//   the name, so `:orderId$x` is the unknown name `orderId$x`, never `$1$x`.
// - Names are checked against PARAM_NAMES when the template is saved (config.ts runs this):
//   an unknown name is an error with its line, column and the closest known name.
// - Things that would silently break the positional mapping are refused: `$1` in PostgreSQL,
//   `?` in MySQL (outside strings and comments) and `@p1`-style variables in SQL Server.
// - PostgreSQL and MySQL accept ONE statement per parameterised call (the extended protocol /
//   a server-side prepared statement), so a second statement is refused at save time; a final
//   `;` is dropped. SQL Server runs the text as a batch (sp_executesql), so T-SQL such as
//   `IF NOT EXISTS (…) INSERT …;` with inner semicolons is kept as written.
// - pg may reuse $n, so a name used twice binds once; mysql2's `?` binds per occurrence, so
//   `names` lists the name again; mssql reuses @pN. `names[i]` is always the value of the i-th
//   positional parameter the driver receives.
//
// Idempotency (read this before writing a template): an event can be delivered more than once
// (the app crashed after the commit but before it recorded the delivery; a timeout whose commit
// still happened). Write every template so that running it twice changes nothing: an UPDATE …
// WHERE that only moves a row forward, or an INSERT keyed by :idempotencyKey that ignores a
// duplicate (ON CONFLICT DO NOTHING, ON DUPLICATE KEY UPDATE k = k, IF NOT EXISTS). The examples
// in EXAMPLE_TEMPLATES do exactly that and are run twice by the integration tests.

import type { SqlDialect, SqlEventType } from './types';

/** Every name a template may use, all taken from the outbox payload (payload.ts binds them). */
export const PARAM_NAMES = [
  'idempotencyKey',
  'type',
  'occurredAt',
  'orderId',
  'erpRef',
  'orderStatus',
  'orderStatus1688',
  'seller',
  'account',
  'purchaser',
  'logisticsId',
  'billNo',
  'carrierCode',
  'carrierName',
  'shipmentStatus',
  'shipmentStatus1688',
  'deliveredAt',
  'remark',
  'eventAt',
  'stage',
] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** Parameters bound as times (a JS Date); all others are text (or NULL). */
export const TIME_PARAMS: ReadonlySet<ParamName> = new Set<ParamName>(['occurredAt', 'deliveredAt', 'eventAt']);

/** What each name holds, for the Settings help. */
export const PARAM_DESCRIPTIONS: Record<ParamName, string> = {
  idempotencyKey: '事件的幂等键（同一事件重复投递时不变）',
  type: '事件类型，如 shipment.delivered',
  occurredAt: '事件发生时间',
  orderId: '1688 订单号（19 位，文本）',
  erpRef: 'ERP 单号（可能为空）',
  orderStatus: '订单状态（跟踪器的统一状态）',
  orderStatus1688: '订单在 1688 的原始状态',
  seller: '供应商（公司名或旺旺号）',
  account: '下单的 1688 账号（memberId，可能为空）',
  purchaser: '下单的子账号（subBuyerLoginId，可能为空）',
  logisticsId: '1688 物流单 ID（订单级事件为空）',
  billNo: '运单号',
  carrierCode: '快递公司编码',
  carrierName: '快递公司名称',
  shipmentStatus: '包裹状态（跟踪器的统一状态）',
  shipmentStatus1688: '包裹在 1688 的原始状态',
  deliveredAt: '签收时间（未签收为空）',
  remark: '最新一条物流轨迹的原文',
  eventAt: '最新一条物流轨迹的时间',
  stage: '最新一条物流轨迹的阶段，如 delivered',
};

const PARAM_SET: ReadonlySet<string> = new Set(PARAM_NAMES);

export interface CompiledTemplate {
  dialect: SqlDialect;
  /** The SQL the driver receives, with positional placeholders. */
  text: string;
  /** names[i] is bound to the i-th positional parameter ($i+1, the i-th ?, @p{i+1}). */
  names: ParamName[];
  /** The placeholder each entry of `names` is written as ($1, ?, @p1). */
  placeholders: string[];
}

export type TemplateErrorCode =
  | 'empty'
  | 'too_long'
  | 'unknown_param'
  | 'unterminated'
  | 'positional'
  | 'reserved_variable'
  | 'multiple_statements';

/** A template that cannot be saved. `message` is Chinese, for the Settings form. */
export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  /** 1-based, when the problem has a place. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly param: string | undefined;
  constructor(code: TemplateErrorCode, message: string, at?: { line: number; column: number }, param?: string) {
    super(message);
    this.name = 'TemplateError';
    this.code = code;
    this.line = at?.line;
    this.column = at?.column;
    this.param = param;
  }
}

export const MAX_TEMPLATE_CHARS = 20_000;

interface Placeholder {
  start: number;
  end: number;
  name: string;
}

interface Scan {
  placeholders: Placeholder[];
  /** Index of the first top-level `;` after which something other than `;`, blanks or comments follows. */
  secondStatementAt: number | null;
  /** Index of the first top-level `;` that only blanks, comments and `;` follow (the statement's end). */
  trailingSemicolonAt: number | null;
  significant: boolean;
}

const isNameStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isNamePart = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_$]/u.test(c);
// Identifier characters (unquoted): letters of any script, digits, _, $ (pg, mysql), # and @ (mssql).
const isIdentPart = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_$#@]/u.test(c);

function position(sql: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < sql.length; i++) {
    if (sql[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

const where = (p: { line: number; column: number }) => `第 ${p.line} 行第 ${p.column} 列`;

function scan(sql: string, dialect: SqlDialect): Scan {
  const placeholders: Placeholder[] = [];
  const n = sql.length;
  let i = 0;
  let significant = false;
  let pendingSemicolon: number | null = null;
  let secondStatementAt: number | null = null;

  const unterminated = (start: number, what: string): never => {
    throw new TemplateError('unterminated', `${where(position(sql, start))}开始的${what}没有闭合。`, position(sql, start));
  };
  // Marks the start of a token that is neither blank, comment nor `;`.
  const token = () => {
    significant = true;
    if (pendingSemicolon !== null && secondStatementAt === null) secondStatementAt = pendingSemicolon;
  };
  /** Skips a quoted run that opens at `start` with `q`; a doubled `q` is an escaped quote. */
  const skipQuoted = (start: number, q: string, close: string, backslash: boolean, what: string): number => {
    let j = start + 1;
    while (j < n) {
      const c = sql[j];
      if (backslash && c === '\\') {
        j += 2;
        continue;
      }
      if (c === close) {
        if (sql[j + 1] === close && (close === q || close === ']')) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return unterminated(start, what);
  };
  const skipLine = (j: number) => {
    const e = sql.indexOf('\n', j);
    return e === -1 ? n : e + 1;
  };
  const skipBlockComment = (start: number, nested: boolean): number => {
    let depth = 1;
    let j = start + 2;
    while (j < n) {
      if (sql[j] === '*' && sql[j + 1] === '/') {
        depth--;
        j += 2;
        if (depth === 0) return j;
        continue;
      }
      if (nested && sql[j] === '/' && sql[j + 1] === '*') {
        depth++;
        j += 2;
        continue;
      }
      j++;
    }
    return unterminated(start, '注释 /* … */');
  };

  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];

    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // Comments.
    if (c === '-' && next === '-' && (dialect !== 'mysql' || i + 2 >= n || sql.charCodeAt(i + 2) <= 32)) {
      i = skipLine(i + 2);
      continue;
    }
    if (c === '#' && dialect === 'mysql') {
      i = skipLine(i + 1);
      continue;
    }
    if (c === '/' && next === '*') {
      i = skipBlockComment(i, dialect !== 'mysql');
      continue;
    }
    if (c === ';') {
      if (pendingSemicolon === null) pendingSemicolon = i;
      i++;
      continue;
    }

    token();
    if (c === "'") {
      i = skipQuoted(i, "'", "'", dialect === 'mysql', '字符串');
    } else if (c === '"') {
      i = skipQuoted(i, '"', '"', dialect === 'mysql', dialect === 'mysql' ? '字符串' : '带引号的标识符');
    } else if (c === '`' && dialect === 'mysql') {
      i = skipQuoted(i, '`', '`', false, '带引号的标识符');
    } else if (c === '[' && dialect === 'mssql') {
      i = skipQuoted(i, '[', ']', false, '带方括号的标识符');
    } else if (c === '$' && dialect === 'postgres') {
      if (/[0-9]/.test(next ?? '')) {
        const m = /^\$[0-9]+/.exec(sql.slice(i)) as RegExpExecArray;
        const at = position(sql, i);
        throw new TemplateError('positional', `请使用 :名称 形式的命名参数，不要写 ${m[0]}（${where(at)}）。`, at);
      }
      const m = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i));
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length);
        if (close === -1) unterminated(i, `美元引号字符串 ${m[0]}…${m[0]}`);
        i = close + m[0].length;
      } else {
        i++;
      }
    } else if (c === ':') {
      if (next === ':') {
        i += 2; // a cast (pg) or a scope qualifier (mssql): never a placeholder
      } else if (isNameStart(next)) {
        let j = i + 1;
        while (j < n && isNamePart(sql[j])) j++;
        placeholders.push({ start: i, end: j, name: sql.slice(i + 1, j) });
        i = j;
      } else {
        i++;
      }
    } else if (c === '?' && dialect === 'mysql') {
      const at = position(sql, i);
      throw new TemplateError('positional', `请使用 :名称 形式的命名参数，不要写 ?（${where(at)}）。`, at);
    } else if (c === '@' && dialect === 'mssql') {
      let j = i + 1;
      while (j < n && (isIdentPart(sql[j]) || sql[j] === '@')) j++;
      const variable = sql.slice(i, j);
      if (/^@p[0-9]+$/i.test(variable)) {
        const at = position(sql, i);
        throw new TemplateError(
          'reserved_variable',
          `变量名 ${variable} 与参数占位符冲突，请改用其他名称（${where(at)}）。`,
          at,
          variable,
        );
      }
      i = j;
    } else if (isIdentPart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(sql[j])) j++;
      // PostgreSQL E'…' strings take backslash escapes.
      if (dialect === 'postgres' && j === i + 1 && (c === 'E' || c === 'e') && sql[j] === "'") {
        i = skipQuoted(j, "'", "'", true, '字符串');
      } else {
        i = j;
      }
    } else {
      i++;
    }
  }
  return {
    placeholders,
    secondStatementAt,
    trailingSemicolonAt: secondStatementAt === null ? pendingSemicolon : null,
    significant,
  };
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let x = 1; x <= a.length; x++) {
    let prev = row[0] as number;
    row[0] = x;
    for (let y = 1; y <= b.length; y++) {
      const tmp = row[y] as number;
      row[y] = Math.min((row[y] as number) + 1, (row[y - 1] as number) + 1, prev + (a[x - 1] === b[y - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

export function suggestParam(name: string): ParamName | null {
  const lower = name.toLowerCase();
  const exact = PARAM_NAMES.find((p) => p.toLowerCase() === lower);
  if (exact) return exact;
  let best: ParamName | null = null;
  let bestD = Infinity;
  for (const p of PARAM_NAMES) {
    const d = distance(lower, p.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : null;
}

/**
 * Parses the `:name` placeholders of `sql` and rewrites them in the driver's positional form.
 * Throws TemplateError (Chinese message) for an unknown name, an unterminated literal or comment,
 * positional placeholders, or (PostgreSQL, MySQL) a second statement.
 */
export function compileTemplate(sql: string, dialect: SqlDialect): CompiledTemplate {
  if (sql.length > MAX_TEMPLATE_CHARS) {
    throw new TemplateError('too_long', `模板太长（${sql.length} 个字符，最多 ${MAX_TEMPLATE_CHARS} 个）。`);
  }
  const s = scan(sql, dialect);
  if (!s.significant) throw new TemplateError('empty', '模板为空：请填写一条 SQL 语句。');
  if (s.secondStatementAt !== null && dialect !== 'mssql') {
    const at = position(sql, s.secondStatementAt);
    throw new TemplateError(
      'multiple_statements',
      `一个模板只能包含一条 SQL 语句（${where(at)}的分号后还有内容）。需要多步写入时，请在数据库中建存储过程，再在模板里调用它。`,
      at,
    );
  }
  for (const p of s.placeholders) {
    if (!PARAM_SET.has(p.name)) {
      const at = position(sql, p.start);
      const hint = suggestParam(p.name);
      throw new TemplateError(
        'unknown_param',
        `未知参数 :${p.name}（${where(at)}）。${hint ? `是否想写 :${hint}？` : ''}可用参数：${PARAM_NAMES.map((x) => `:${x}`).join('、')}。`,
        at,
        p.name,
      );
    }
  }

  // PostgreSQL and MySQL: drop a final `;` (and the comments after it).
  const end = dialect !== 'mssql' && s.trailingSemicolonAt !== null ? s.trailingSemicolonAt : sql.length;
  const names: ParamName[] = [];
  const placeholders: string[] = [];
  const slot = new Map<string, string>();
  let text = '';
  let last = 0;
  for (const p of s.placeholders) {
    if (p.start >= end) break;
    const name = p.name as ParamName;
    let ph: string;
    if (dialect === 'mysql') {
      ph = '?';
      names.push(name);
      placeholders.push(ph);
    } else {
      const known = slot.get(name);
      if (known) {
        ph = known;
      } else {
        ph = dialect === 'postgres' ? `$${names.length + 1}` : `@p${names.length + 1}`;
        slot.set(name, ph);
        names.push(name);
        placeholders.push(ph);
      }
    }
    text += sql.slice(last, p.start) + ph;
    last = p.end;
  }
  text += sql.slice(last, end);
  return { dialect, text: text.trimEnd(), names, placeholders };
}

/** The names a template uses (unique, in order of first use); throws like compileTemplate. */
export function templateParams(sql: string, dialect: SqlDialect): ParamName[] {
  return [...new Set(compileTemplate(sql, dialect).names)];
}

/**
 * Idempotent examples per dialect, shown in Settings and run (twice) by the integration tests.
 * The ERP-side tables they assume:
 *   purchase_order (po_no PK, status, received_at, logistics_no, carrier_name)
 *   tracker_event_log (idempotency_key PK/UNIQUE, event_type, order_id, erp_ref, bill_no,
 *                      status, remark, event_at, occurred_at)
 */
export const EXAMPLE_TEMPLATES: Record<SqlDialect, Record<SqlEventType, string>> = {
  postgres: {
    'shipment.delivered': `-- 签收：只在尚未记收货时写入（重复执行不改变任何数据）
UPDATE purchase_order
   SET received_at = :deliveredAt, logistics_no = :billNo, carrier_name = :carrierName
 WHERE po_no = :erpRef AND received_at IS NULL`,
    'shipment.exception': `INSERT INTO tracker_event_log
  (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt)
ON CONFLICT (idempotency_key) DO NOTHING`,
    'shipment.returned': `INSERT INTO tracker_event_log
  (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt)
ON CONFLICT (idempotency_key) DO NOTHING`,
    'order.delivered': `UPDATE purchase_order
   SET status = 'received', received_at = COALESCE(received_at, :occurredAt::timestamptz)
 WHERE po_no = :erpRef AND status IS DISTINCT FROM 'received'`,
    'shipment.status_changed': `INSERT INTO tracker_event_log
  (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt)
ON CONFLICT (idempotency_key) DO NOTHING`,
    'shipment.received': `INSERT INTO tracker_event_log
  (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt)
ON CONFLICT (idempotency_key) DO NOTHING`,
  },
  mysql: {
    'shipment.delivered': `-- 签收：只在尚未记收货时写入（重复执行不改变任何数据）
UPDATE purchase_order
   SET received_at = :deliveredAt, logistics_no = :billNo, carrier_name = :carrierName
 WHERE po_no = :erpRef AND received_at IS NULL`,
    'shipment.exception': `INSERT INTO tracker_event_log
  (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt)
ON DUPLICATE KEY UPDATE idempotency_key = idempotency_key`,
    'shipment.returned': `INSERT INTO tracker_event_log
  (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt)
ON DUPLICATE KEY UPDATE idempotency_key = idempotency_key`,
    'order.delivered': `UPDATE purchase_order
   SET status = 'received', received_at = COALESCE(received_at, :occurredAt)
 WHERE po_no = :erpRef AND NOT (status <=> 'received')`,
    'shipment.status_changed': `INSERT INTO tracker_event_log
  (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt)
ON DUPLICATE KEY UPDATE idempotency_key = idempotency_key`,
    'shipment.received': `INSERT INTO tracker_event_log
  (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt)
ON DUPLICATE KEY UPDATE idempotency_key = idempotency_key`,
  },
  mssql: {
    'shipment.delivered': `-- 签收：只在尚未记收货时写入（重复执行不改变任何数据）
UPDATE dbo.purchase_order
   SET received_at = :deliveredAt, logistics_no = :billNo, carrier_name = :carrierName
 WHERE po_no = :erpRef AND received_at IS NULL;`,
    'shipment.exception': `IF NOT EXISTS (SELECT 1 FROM dbo.tracker_event_log WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = :idempotencyKey)
  INSERT INTO dbo.tracker_event_log
    (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
  VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt);`,
    'shipment.returned': `IF NOT EXISTS (SELECT 1 FROM dbo.tracker_event_log WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = :idempotencyKey)
  INSERT INTO dbo.tracker_event_log
    (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
  VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt);`,
    'order.delivered': `UPDATE dbo.purchase_order
   SET status = N'received', received_at = COALESCE(received_at, :occurredAt)
 WHERE po_no = :erpRef AND (status IS NULL OR status <> N'received');`,
    'shipment.status_changed': `IF NOT EXISTS (SELECT 1 FROM dbo.tracker_event_log WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = :idempotencyKey)
  INSERT INTO dbo.tracker_event_log
    (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
  VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt);`,
    'shipment.received': `IF NOT EXISTS (SELECT 1 FROM dbo.tracker_event_log WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = :idempotencyKey)
  INSERT INTO dbo.tracker_event_log
    (idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at, occurred_at)
  VALUES (:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt, :occurredAt);`,
  },
};
