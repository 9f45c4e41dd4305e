// The n-gram model behind the classifier's doubt (remarkModel.ts): shipped weights are exactly what
// the training script makes from the allowed data (study part, probes, remark fixtures — never the
// frozen part), and a signing the model finds implausible is held for 1688's word.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { classifyRemarkWithEvidence, normalizeRemark } from '../../../electron/core/tracking/classifyRemark';
import { modelClassify } from '../../../electron/core/tracking/remarkModel';
import { extra, study, train } from '../../../scripts/train-remark-model';

describe('remark n-gram model', () => {
  it('ships the weights the training script makes from study + probes + fixtures', () => {
    const shipped = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../electron/core/tracking/remarkModel.json'), 'utf8'));
    expect(shipped).toEqual(train([...study(), ...extra()]));
  });

  it('reads ordinary lines as their stage', () => {
    expect(modelClassify(normalizeRemark('快件已到达【杭州转运中心】')).stage).toBe('in_transit');
    expect(modelClassify(normalizeRemark('您的快件已签收，签收人：本人')).stage).toBe('delivered');
  });

  it('marks a rule-delivered line the model finds implausible as doubtful (held for 1688), and leaves a plain signing alone', () => {
    // A status-table signing ("delivery stage - signed"): a rule says delivered, the model, which has
    // seen this wording rarely, gives it p(delivered) < 0.01, so 1688's status is asked first. (The
    // earlier example, 買家已到店取貨, became plausible once Taiwan store-pickup lines joined the study part.)
    expect(classifyRemarkWithEvidence('派送阶段-签收成功')).toMatchObject({ stage: 'delivered', doubtful: true });
    expect(classifyRemarkWithEvidence('您的快件已签收，签收人：本人，感谢使用')).toMatchObject({ stage: 'delivered', doubtful: false });
  });
});
