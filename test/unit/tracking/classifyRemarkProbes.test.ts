// Hand-written probes (test/fixtures/trace-probes.tsv): phrasings a carrier might use that the
// study corpus lacks — warehouse releases, pickups from stores and lockers, left in a mailbox,
// returns offered but not begun, a return parcel in trouble, cancellations, and the English
// reason codes of cross-border carriers. The rules written from them are general; the frozen
// corpus part was not read to write them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { classifyRemark, classifyRemarkByDefinition, classifyRemarkWithEvidence } from '../../../electron/core/tracking/classifyRemark';
import type { Stage } from '../../../shared/domain';

const file = path.resolve(__dirname, '../../fixtures/trace-probes.tsv');
const probes = fs
  .readFileSync(file, 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => {
    const [remark = '', stage = ''] = l.split('\t');
    return { remark, stage: stage as Stage };
  });

describe('classifyRemark on hand-written probes', () => {
  it('reads every probe as labelled, and never says delivered for one that is not', () => {
    expect(probes.length).toBeGreaterThan(200);
    const wrong = probes.filter((p) => classifyRemark(p.remark) !== p.stage).map((p) => `${p.stage} ← ${classifyRemark(p.remark)}: ${p.remark}`);
    expect(wrong).toEqual([]);
  });

  it('gives the same answer by its definition and with its evidence', () => {
    const differ = probes
      .filter((p) => classifyRemarkByDefinition(p.remark) !== classifyRemark(p.remark) || classifyRemarkWithEvidence(p.remark).stage !== classifyRemark(p.remark))
      .map((p) => p.remark);
    expect(differ).toEqual([]);
  });

  it('names the new rules a clerk would see as 判定依据', () => {
    const cases: [string, string][] = [
      ['您的订单已分拣出库，即将开始配送。', 'info_received.warehouse_outbound'],
      ['退件包裹異常，協尋中', 'exception.return_parcel_problem'],
      ['寄件人已取消寄件', 'exception.cancelled'],
      ['已完成包裹成功取件', 'delivered.collected_from_station'],
      ['包裹已投递至您的信箱', 'delivered.left_at_door'],
      // A delivery word beside a locker name, with no holding phrase: held, and the evidence says why.
      ['丰巢柜派送成功', 'awaiting_pickup.at_station'],
    ];
    for (const [remark, rule] of cases) expect(classifyRemarkWithEvidence(remark).rule, remark).toBe(rule);
  });
});
