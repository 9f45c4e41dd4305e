import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_TEMPLATES,
  PARAM_NAMES,
  SQL_DIALECTS,
  SQL_EVENT_TYPES,
  TemplateError,
  compileTemplate,
  templateParams,
  type SqlDialect,
} from '../../../electron/core/erp/sqlWriteback';

const compileError = (sql: string, dialect: SqlDialect): TemplateError => {
  try {
    compileTemplate(sql, dialect);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error(`expected ${JSON.stringify(sql)} to be refused for ${dialect}`);
};

describe('compileTemplate: the positional form per dialect', () => {
  const sql = 'UPDATE purchase_order SET received_at = :deliveredAt, logistics_no = :billNo WHERE po_no = :erpRef';

  it('PostgreSQL: $1…, in order of first use', () => {
    expect(compileTemplate(sql, 'postgres')).toEqual({
      dialect: 'postgres',
      text: 'UPDATE purchase_order SET received_at = $1, logistics_no = $2 WHERE po_no = $3',
      names: ['deliveredAt', 'billNo', 'erpRef'],
      placeholders: ['$1', '$2', '$3'],
    });
  });

  it('MySQL: ? per occurrence', () => {
    expect(compileTemplate(sql, 'mysql')).toMatchObject({
      text: 'UPDATE purchase_order SET received_at = ?, logistics_no = ? WHERE po_no = ?',
      names: ['deliveredAt', 'billNo', 'erpRef'],
    });
  });

  it('SQL Server: @p1…', () => {
    expect(compileTemplate(sql, 'mssql')).toMatchObject({
      text: 'UPDATE purchase_order SET received_at = @p1, logistics_no = @p2 WHERE po_no = @p3',
      names: ['deliveredAt', 'billNo', 'erpRef'],
      placeholders: ['@p1', '@p2', '@p3'],
    });
  });

  it('a name used twice binds once in pg and mssql, twice in MySQL', () => {
    const t = 'INSERT INTO log (k, o) SELECT :idempotencyKey, :orderId WHERE NOT EXISTS (SELECT 1 FROM log WHERE k = :idempotencyKey)';
    expect(compileTemplate(t, 'postgres')).toMatchObject({
      text: 'INSERT INTO log (k, o) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM log WHERE k = $1)',
      names: ['idempotencyKey', 'orderId'],
    });
    expect(compileTemplate(t, 'mssql')).toMatchObject({
      text: 'INSERT INTO log (k, o) SELECT @p1, @p2 WHERE NOT EXISTS (SELECT 1 FROM log WHERE k = @p1)',
      names: ['idempotencyKey', 'orderId'],
    });
    expect(compileTemplate(t, 'mysql')).toMatchObject({
      text: 'INSERT INTO log (k, o) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM log WHERE k = ?)',
      names: ['idempotencyKey', 'orderId', 'idempotencyKey'],
      placeholders: ['?', '?', '?'],
    });
    expect(templateParams(t, 'mysql')).toEqual(['idempotencyKey', 'orderId']);
  });

  it('placeholders without spaces around them, next to parentheses, commas and operators', () => {
    expect(compileTemplate('SELECT f(:orderId,:billNo)||:remark', 'postgres').text).toBe('SELECT f($1,$2)||$3');
    expect(compileTemplate('WHERE a=:orderId AND b<>:billNo', 'mysql').text).toBe('WHERE a=? AND b<>?');
  });
});

describe('compileTemplate: what is NOT a placeholder', () => {
  it('PostgreSQL casts, including right after a placeholder', () => {
    const c = compileTemplate("UPDATE t SET at = :deliveredAt::timestamptz, n = x::text, m = '1'::int WHERE id = :orderId::text", 'postgres');
    expect(c.text).toBe("UPDATE t SET at = $1::timestamptz, n = x::text, m = '1'::int WHERE id = $2::text");
    expect(c.names).toEqual(['deliveredAt', 'orderId']);
  });

  it('string literals, with doubled quotes', () => {
    for (const d of SQL_DIALECTS) {
      const c = compileTemplate("UPDATE t SET note = 'at :deliveredAt it''s :remark', b = :billNo", d);
      expect(c.names).toEqual(['billNo']);
      expect(c.text).toContain("'at :deliveredAt it''s :remark'");
    }
  });

  it('PostgreSQL E-strings with backslash escapes, and standard strings where a backslash is just a character', () => {
    const e = compileTemplate("SELECT E'it\\'s :remark', :billNo", 'postgres');
    expect(e.names).toEqual(['billNo']);
    // In a standard string the backslash does not escape: the string ends at the second quote.
    const s = compileTemplate("SELECT 'C:\\dir\\', :billNo", 'postgres');
    expect(s.names).toEqual(['billNo']);
    expect(s.text).toBe("SELECT 'C:\\dir\\', $1");
  });

  it('MySQL backslash escapes inside strings', () => {
    const c = compileTemplate("SELECT 'it\\'s :remark', \"say \\\":x\\\"\", :billNo", 'mysql');
    expect(c.names).toEqual(['billNo']);
  });

  it('PostgreSQL dollar-quoted bodies', () => {
    const c = compileTemplate('SELECT $$ :remark ; $$, $fn$ :billNo $x$ $fn$, :orderId', 'postgres');
    expect(c.names).toEqual(['orderId']);
    expect(c.text).toBe('SELECT $$ :remark ; $$, $fn$ :billNo $x$ $fn$, $1');
  });

  it('quoted identifiers: "…" (pg, mssql), `…` (MySQL), […] (SQL Server)', () => {
    expect(compileTemplate('UPDATE "po:x" SET "a"":b" = :billNo', 'postgres').names).toEqual(['billNo']);
    expect(compileTemplate('UPDATE `po:x` SET `a``:b` = :billNo', 'mysql').names).toEqual(['billNo']);
    const ms = compileTemplate('UPDATE [po:x] SET [a]]:b] = :billNo, "c:d" = :remark', 'mssql');
    expect(ms.names).toEqual(['billNo', 'remark']);
    expect(ms.text).toBe('UPDATE [po:x] SET [a]]:b] = @p1, "c:d" = @p2');
  });

  it('comments: line comments, block comments (nested in pg and SQL Server), # in MySQL', () => {
    const base = "UPDATE t SET a = :billNo -- 不写 :remark\nWHERE b = :orderId /* :seller */";
    for (const d of SQL_DIALECTS) expect(compileTemplate(base, d).names).toEqual(['billNo', 'orderId']);
    expect(compileTemplate('SELECT /* a /* :remark */ :seller */ :billNo', 'postgres').names).toEqual(['billNo']);
    expect(compileTemplate('SELECT /* a /* :remark */ :seller */ :billNo', 'mssql').names).toEqual(['billNo']);
    expect(compileTemplate('SELECT :billNo # :remark\n, :orderId', 'mysql').names).toEqual(['billNo', 'orderId']);
    // MySQL reads `--` as a comment only when a space follows: `5--:x` is 5 minus minus :x.
    expect(compileTemplate('SELECT 5--:orderId', 'mysql').names).toEqual(['orderId']);
    expect(compileTemplate('SELECT 5-- :orderId', 'mysql').names).toEqual([]);
  });

  it('SQL Server: `::` scope qualifiers, N-strings, @@ globals and local variables', () => {
    const c = compileTemplate(
      "DECLARE @at datetime2 = :deliveredAt; UPDATE t SET g = geography::Point(1, 2, 4326), s = N'签收 :remark', r = @@ROWCOUNT WHERE p = :erpRef",
      'mssql',
    );
    expect(c.names).toEqual(['deliveredAt', 'erpRef']);
    expect(c.text).toContain("geography::Point(1, 2, 4326), s = N'签收 :remark'");
  });

  it('Chinese identifiers and MySQL := assignment', () => {
    expect(compileTemplate('UPDATE 采购单 SET 签收时间 = :deliveredAt WHERE 单号 = :erpRef', 'mysql').names).toEqual(['deliveredAt', 'erpRef']);
    expect(compileTemplate('SET @n := :orderId', 'mysql').names).toEqual(['orderId']);
  });
});

describe('compileTemplate: refusals (Chinese messages, with a place)', () => {
  it('an unknown name, with line, column and a suggestion', () => {
    const e = compileError('UPDATE t\n   SET received_at = :deliveredat\n WHERE po = :erpRef', 'postgres');
    expect(e.code).toBe('unknown_param');
    expect(e.param).toBe('deliveredat');
    expect([e.line, e.column]).toEqual([2, 22]);
    expect(e.message).toContain('未知参数 :deliveredat');
    expect(e.message).toContain('第 2 行第 22 列');
    expect(e.message).toContain('是否想写 :deliveredAt');
    expect(e.message).toContain(':idempotencyKey');
  });

  it('an unknown name is refused in every dialect; a typo gets a suggestion, nonsense gets none', () => {
    for (const d of SQL_DIALECTS) expect(compileError('SELECT :recievedAt', d).code).toBe('unknown_param');
    expect(compileError('SELECT :billNumber', 'mysql').message).toContain(':billNo');
    expect(compileError('SELECT :zzzzzzzzzz', 'mysql').message).not.toContain('是否想写');
  });

  it('the whole run of name characters is the name (no silent `$1$x`)', () => {
    expect(compileError('SELECT :orderId$x', 'postgres').param).toBe('orderId$x');
    expect(compileError('SELECT :orderId签收', 'mssql').param).toBe('orderId签收');
  });

  it('unterminated strings, identifiers, comments and dollar quotes', () => {
    expect(compileError("SELECT 'abc :remark", 'postgres').code).toBe('unterminated');
    expect(compileError('SELECT "abc', 'postgres').message).toContain('带引号的标识符');
    expect(compileError('SELECT `abc', 'mysql').code).toBe('unterminated');
    expect(compileError('SELECT [abc', 'mssql').code).toBe('unterminated');
    expect(compileError('SELECT 1 /* :remark', 'mysql').message).toContain('注释');
    expect(compileError('SELECT /* /* */ :remark', 'postgres').code).toBe('unterminated');
    expect(compileError('SELECT $x$ :remark', 'postgres').message).toContain('美元引号');
    expect(compileError("SELECT E'it\\'s", 'postgres').code).toBe('unterminated');
  });

  it('positional placeholders written by hand', () => {
    expect(compileError('UPDATE t SET a = $1', 'postgres').code).toBe('positional');
    expect(compileError('UPDATE t SET a = ?', 'mysql').message).toContain('请使用 :名称');
    expect(compileError('DECLARE @p1 int = 1', 'mssql').code).toBe('reserved_variable');
    // ? is a jsonb operator in PostgreSQL, and means nothing special to SQL Server.
    expect(compileTemplate("SELECT d ? 'k' FROM t WHERE id = :orderId", 'postgres').text).toBe("SELECT d ? 'k' FROM t WHERE id = $1");
    expect(compileTemplate("SELECT '?' , :orderId", 'mysql').text).toBe("SELECT '?' , ?");
  });

  it('a second statement in PostgreSQL and MySQL; a final semicolon (and comments after it) is dropped', () => {
    const e = compileError('UPDATE a SET x = :billNo; DELETE FROM b', 'postgres');
    expect(e.code).toBe('multiple_statements');
    expect(e.message).toContain('一个模板只能包含一条 SQL 语句');
    expect(compileError('UPDATE a SET x = 1; -- c\n UPDATE b SET y = :billNo', 'mysql').code).toBe('multiple_statements');
    expect(compileTemplate('UPDATE a SET x = :billNo; -- 完\n', 'postgres').text).toBe('UPDATE a SET x = $1');
    expect(compileTemplate('UPDATE a SET x = :billNo;;', 'mysql').text).toBe('UPDATE a SET x = ?');
    expect(compileTemplate("UPDATE a SET x = ';' || :billNo", 'postgres').text).toBe("UPDATE a SET x = ';' || $1");
  });

  it('SQL Server keeps batches (T-SQL needs inner semicolons) and the final semicolon (MERGE needs it)', () => {
    const t = 'IF NOT EXISTS (SELECT 1 FROM log WHERE k = :idempotencyKey)\nBEGIN\n  INSERT INTO log (k) VALUES (:idempotencyKey);\n  UPDATE po SET n = n + 1 WHERE p = :erpRef;\nEND;';
    const c = compileTemplate(t, 'mssql');
    expect(c.text).toBe('IF NOT EXISTS (SELECT 1 FROM log WHERE k = @p1)\nBEGIN\n  INSERT INTO log (k) VALUES (@p1);\n  UPDATE po SET n = n + 1 WHERE p = @p2;\nEND;');
    expect(c.names).toEqual(['idempotencyKey', 'erpRef']);
  });

  it('empty templates (blank or comments only) and over-long ones', () => {
    expect(compileError('   ', 'postgres').code).toBe('empty');
    expect(compileError('-- 只有注释\n/* 还是注释 */', 'mssql').message).toContain('模板为空');
    expect(compileError(`SELECT 1 ${'x'.repeat(20_001)}`, 'mysql').code).toBe('too_long');
  });
});

describe('EXAMPLE_TEMPLATES', () => {
  it('has an example for every event type in every dialect, and each one compiles', () => {
    for (const d of SQL_DIALECTS) {
      for (const t of SQL_EVENT_TYPES) {
        const c = compileTemplate(EXAMPLE_TEMPLATES[d][t], d);
        expect(c.names.length).toBeGreaterThan(0);
        for (const n of c.names) expect(PARAM_NAMES).toContain(n);
      }
    }
  });

  it('every INSERT example is keyed by :idempotencyKey and ignores a duplicate', () => {
    for (const d of SQL_DIALECTS) {
      for (const t of SQL_EVENT_TYPES) {
        const sql = EXAMPLE_TEMPLATES[d][t];
        if (!/INSERT/i.test(sql)) {
          expect(sql).toMatch(/WHERE[\s\S]*(IS NULL|IS DISTINCT FROM|<=>|<>)/);
          continue;
        }
        expect(sql).toContain(':idempotencyKey');
        expect(sql).toMatch(/ON CONFLICT \(idempotency_key\) DO NOTHING|ON DUPLICATE KEY UPDATE|IF NOT EXISTS/);
      }
    }
  });
});
