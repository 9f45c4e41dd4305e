import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifierInternals, classifyRemark, classifyRemarkByDefinition, normalizeRemark } from '../../../electron/core/tracking/classifyRemark';
import { TRAD_MAP } from '../../../electron/core/tracking/tradToSimplified';
// @ts-expect-error: a plain ES module script without types
import { tableSource, tradPairs } from '../../../scripts/gen-trad-to-simplified.mjs';

describe('traditional → simplified (OpenCC table)', () => {
  it('ships the table the generator makes from OpenCC', async () => {
    const shipped = fs.readFileSync(path.join(__dirname, '../../../electron/core/tracking/tradToSimplifiedTable.ts'), 'utf8');
    expect(shipped).toBe(tableSource(await tradPairs()));
  });
  it('folds every traditional character of the table, on the fast path and by definition alike', () => {
    const trad = [...TRAD_MAP.keys()].join('');
    const simplified = [...TRAD_MAP.values()].join('');
    expect(normalizeRemark(trad)).toBe(simplified);
    expect(classifierInternals.normalizeByDefinition(trad)).toBe(simplified);
  });
  it('reads a traditional line the study part never had as its simplified twin', () => {
    for (const [trad, simplified, stage] of [
      ['收件公司已停止營業', '收件公司已停止营业', 'failed_attempt'],
      ['宅配失敗', '宅配失败', 'failed_attempt'],
    ] as const) {
      expect(classifyRemark(trad)).toBe(stage);
      expect(classifyRemark(simplified)).toBe(stage);
      expect(classifyRemarkByDefinition(trad)).toBe(stage);
    }
  });
});
