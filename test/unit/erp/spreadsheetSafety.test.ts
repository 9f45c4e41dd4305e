import { describe, expect, it } from 'vitest';
import { isFormulaLike, neutraliseFormula } from '../../../electron/core/erp/spreadsheetSafety';

describe('spreadsheetSafety', () => {
  it('prefixes formula-like text with an apostrophe', () => {
    for (const v of ["=cmd|' /C calc'!A0", '+SUM(1)', '-5', '@x', '\tx', '\rx', '  =1+1', '\u3000=1', '\n=1', '=']) {
      expect(isFormulaLike(v), JSON.stringify(v)).toBe(true);
      expect(neutraliseFormula(v)).toBe(`'${v}`);
    }
  });

  it('leaves ordinary text alone (and keeps it faithful)', () => {
    for (const v of ['', '   ', '3712490012345678901', '已签收', 'a=b', "'=already", 'SF123', 'x\u202Ey', '１+1', '＝1']) {
      expect(isFormulaLike(v), JSON.stringify(v)).toBe(false);
      expect(neutraliseFormula(v)).toBe(v);
    }
  });

  it('is idempotent', () => {
    for (const v of ['=1', '+1', '-1', '@1', 'abc']) {
      expect(neutraliseFormula(neutraliseFormula(v))).toBe(neutraliseFormula(v));
    }
  });
});
