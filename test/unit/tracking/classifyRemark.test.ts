import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import type { Stage } from '../../../shared/domain';
import { classifierInternals, classifyRemark, classifyRemarkByDefinition, classifyRemarkWithEvidence, normalizeRemark } from '../../../electron/core/tracking/classifyRemark';
import { signedByPerson } from '../../../electron/core/tracking/remarkDoubt';
import { HOLDOUT, ISSUE12_KNOWN_MISSES, ISSUE12_LINES } from './handWrittenRemarks';
import { SIXTH_PASS_LINES } from './sixthPassRemarks';
import { SEVENTH_PASS_DOUBT_LINES } from './seventhPassRemarks';
import { EIGHTH_PASS_LINES } from './eighthPassRemarks';
import { NINTH_PASS_KNOWN_MISSES, NINTH_PASS_LINES, NINTH_PASS_SECOND_LINES, NINTH_PASS_THIRD_EXPECTED, NINTH_PASS_THIRD_LINES } from './ninthPassRemarks';
import { TENTH_PASS_EN_KNOWN_MISSES, TENTH_PASS_EN_LINES } from './tenthPassEnglishRemarks';
import {
  ELEVENTH_PASS_EN_CONDITIONAL_RETURNS,
  ELEVENTH_PASS_EN_FIFTH_LINES,
  ELEVENTH_PASS_EN_FOURTH_LINES,
  ELEVENTH_PASS_EN_KNOWN_MISSES,
  ELEVENTH_PASS_EN_LINES,
  ELEVENTH_PASS_EN_NOT_DELIVERED,
  ELEVENTH_PASS_EN_SECOND_LINES,
  ELEVENTH_PASS_EN_THIRD_LINES,
} from './eleventhPassEnglishRemarks';
import {
  TWELFTH_PASS_EN_FIFTH_KNOWN_MISSES,
  TWELFTH_PASS_EN_FIFTH_LINES,
  TWELFTH_PASS_EN_FOURTH_LINES,
  TWELFTH_PASS_EN_LINES,
  TWELFTH_PASS_EN_NOT_DELIVERED,
  TWELFTH_PASS_EN_SECOND_LINES,
  TWELFTH_PASS_EN_SECOND_WAVE_NOT_DELIVERED,
  TWELFTH_PASS_EN_THIRD_LINES,
} from './twelfthPassEnglishRemarks';
import { TENTH_PASS_LINES, TENTH_PASS_SECOND_LINES } from './tenthPassRemarks';
import { ELEVENTH_PASS_KNOWN_MISSES, ELEVENTH_PASS_LINES, ELEVENTH_PASS_FOURTH_LINES, ELEVENTH_PASS_SECOND_LINES, ELEVENTH_PASS_THIRD_LINES } from './eleventhPassRemarks';
import { TWELFTH_PASS_KNOWN_MISSES, TWELFTH_PASS_LINES, TWELFTH_PASS_SECOND_LINES, TWELFTH_PASS_TABLE_LINES, TWELFTH_PASS_TABLE_SECOND_LINES, TWELFTH_PASS_TABLE_THIRD_LINES, TWELFTH_PASS_THIRD_LINES } from './twelfthPassRemarks';

// The shared corpus when the monorepo layout has it, else the project's own copy.
const root = path.resolve(__dirname, '../../..');
const shared = path.resolve(root, '../shared/data/trace-remarks.tsv');
const corpusFile = fs.existsSync(shared) ? shared : path.join(root, 'test/fixtures/trace-remarks.tsv');

interface Row { carrier: string; remark: string; stage: Stage; note: string }
function readCorpus(): Row[] {
  const [, ...lines] = fs.readFileSync(corpusFile, 'utf8').split(/\r?\n/);
  return lines.filter((l) => l.trim()).map((l) => {
    const [carrier = '', remark = '', stage = '', note = ''] = l.split('\t');
    return { carrier, remark, stage: stage as Stage, note };
  });
}

function score(rows: readonly { carrier: string; remark: string; stage: Stage }[], label: string) {
  const misses: string[] = [];
  const falseDelivered: string[] = [];
  for (const r of rows) {
    const got = classifyRemark(r.remark);
    if (got === r.stage) continue;
    misses.push(`  ${r.carrier}\texpected ${r.stage}, got ${got}\t${r.remark}`);
    if (got === 'delivered') falseDelivered.push(r.remark);
  }
  const ok = rows.length - misses.length;
  console.log(`${label} accuracy ${ok}/${rows.length} = ${((100 * ok) / rows.length).toFixed(1)}%`);
  if (misses.length) console.log(`${label} misses:\n${misses.join('\n')}`);
  return { ok, total: rows.length, falseDelivered };
}

/**
 * A hand-written batch (labelled before it was run): it reads every line right but its known misses, said plainly, and
 * never says delivered for a line that is not.
 */
/**
 * Hand-written lines the rules read right and the model overrules wrongly (stop 19, classifyRemark.ts
 * MODEL_OVERRULE_MIN_P), or that the model names wrongly or stops naming: the price of the overrule and of naming, which on
 * rounds of real lines the rules and the model predate kept more lines right than they lost. Which of these lines it
 * moves changes when the model is retrained (1 to 4 at each retraining of stop 19; retrained with stop 20's tenth round 7,
 * with its eleventh round 4 again; with stop 21's twelfth round 9). Stop 21 averages five shuffle orders of the training
 * (train-remark-model.ts `seeds`), which halves how many of the model's near-certain decisions move between retrainings:
 * with it, 4; retrained with stop 22's thirteenth round, 3 (the model now reads the conditional pickup-point line
 * right); with its fourteenth round, 5 (one more right, three more overruled);
 * with its fifteenth round, 3 (two of them right again);
 * with its sixteenth round, 4; stop 23, with its seventeenth round, 3 ("We have your parcel" and the driver on the way to
 * collect read right again, the Access Point drop-off overruled); with its eighteenth round, 4 (the Access Point drop-off right
 * again; "We have your parcel" and a courier's drop-off at a pickup point overruled); with its nineteenth round, 4 ("We have
 * your parcel" right again, "The shipment has not arrived yet" overruled); with its twentieth round, 3 (that line right again).
 * Said here rather than hidden: each batch still lists its own misses.
 */
const MODEL_MISSES: readonly string[] = [
  'Shipment picked up by the carrier; label created on 3 May',
  // Stop 22, retrained with the fourteenth round (failure reasons of South Asian and Gulf couriers): overruled to a problem.
  'Recipient failed to pick up the parcel',
  // Stop 23, retrained with the eighteenth round: a courier's drop-off at a pickup point overruled to a pickup.
  'Parcel dropped off at the pickup point by the courier',
];

function expectBatch(lines: readonly [string, Stage][], knownMisses: readonly string[] = []): void {
  const known = new Set([...knownMisses, ...MODEL_MISSES]);
  expect(lines.filter(([remark, stage]) => classifyRemark(remark) !== stage).map(([remark]) => remark)).toEqual(
    lines.filter(([remark]) => known.has(remark)).map(([remark]) => remark),
  );
  expect(lines.filter(([remark, stage]) => stage !== 'delivered' && classifyRemark(remark) === 'delivered')).toEqual([]);
}

describe('classifyRemark: labelled corpus', () => {
  const rows = readCorpus();
  it('reads the corpus', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
  });
  it('is at least 97% accurate and never says delivered wrongly', () => {
    const { ok, total, falseDelivered } = score(rows, 'classifier');
    expect(falseDelivered).toEqual([]);
    expect(ok / total).toBeGreaterThanOrEqual(0.97);
  });
});

describe('classifyRemark: a pickup store named is where to collect, not a collection (stop 19)', () => {
  it('reads 已到店 (到達取件門市) as waiting, and a collection at the store as delivered', () => {
    // A 7-ELEVEN status row of the ninth round: 已到店 + 取件 within four characters read as collected at the store.
    expect(classifyRemark('已到店 (到達取件門市)')).toBe('awaiting_pickup');
    expect(classifyRemark('包裹已到店（取货点：全家便利店），请凭取件码取件')).toBe('awaiting_pickup');
    expect(classifyRemark('已至门市取件')).toBe('delivered');
    expect(classifyRemark('买家已到店取货')).toBe('delivered');
  });
});

describe('classifyRemark: the ninth round\'s courier wording (stop 19)', () => {
  it('reads a courier\'s offer to leave the parcel at a station as the delivery run it is', () => {
    // The 2020–2022 boilerplate of 韵达's out-for-delivery lines (ninth round): the station is what the recipient may ask for.
    expect(classifyRemark('快递员 王师傅 正在为您派件，您也可联系小哥将快件放置指定代收点或快递柜')).toBe('out_for_delivery');
    expect(classifyRemark('正在派送，可联系快递员放至驿站')).toBe('out_for_delivery');
    expect(classifyRemark('快件已放置指定代收点，请凭取件码取件')).toBe('awaiting_pickup');
  });

  it('reads a new delivery time agreed with the recipient as a visit not done (顺丰, ninth round)', () => {
    expect(classifyRemark('【南京浦口丽景路营业点】已与收方客户约定新派送时间 201610131631,待派送')).toBe('failed_attempt');
    expect(classifyRemark('已和收件人约定再次派送时间')).toBe('failed_attempt');
    expect(classifyRemark('已与客户约定派送时间，正在派送')).toBe('out_for_delivery');
  });
});

describe('classifyRemark: issue 12 hand-written lines', () => {
  it('classifies them all, with no false delivered', () => {
    const rows = ISSUE12_LINES.map(([remark, stage]) => ({ carrier: '', remark, stage }));
    const { falseDelivered } = score(rows, 'issue 12 lines');
    expect(falseDelivered).toEqual([]);
    expectBatch(ISSUE12_LINES, ISSUE12_KNOWN_MISSES);
  });
});

describe('classifyRemark: hold-out lines', () => {
  it('classifies unseen lines (≥ 95%) with no false delivered', () => {
    const { ok, total, falseDelivered } = score(
      HOLDOUT.map(([carrier, remark, stage]) => ({ carrier, remark, stage })),
      'hold-out',
    );
    expect(falseDelivered).toEqual([]);
    expect(ok / total).toBeGreaterThanOrEqual(0.95);
  });
});

describe('classifyRemark: issue 12 sixth-pass lines (carriers the frozen part holds most of, labelled before they were run)', () => {
  it('reads at least 98% of them right and never says delivered for one that is not', () => {
    const { ok, total, falseDelivered } = score(
      SIXTH_PASS_LINES.map(([remark, stage]) => ({ carrier: '', remark, stage })),
      'sixth pass',
    );
    expect(falseDelivered).toEqual([]);
    expect(ok / total).toBeGreaterThanOrEqual(0.98);
  });
});

describe('classifyRemark: issue 12 seventh-pass lines (which delivered is trusted without 1688, labelled before they were run)', () => {
  it('never commits a delivered that is not one, and does not hold a signing that names the recipient', () => {
    const committed: string[] = [];
    const held: string[] = [];
    let ok = 0;
    for (const [remark, stage, doubtful] of SEVENTH_PASS_DOUBT_LINES) {
      const v = classifyRemarkWithEvidence(remark);
      if (v.stage === 'delivered' && stage !== 'delivered' && !v.doubtful) committed.push(remark);
      if (v.stage === 'delivered' && stage === 'delivered' && doubtful === false && v.doubtful) held.push(remark);
      if (v.stage === stage) ok++;
    }
    expect(committed).toEqual([]);
    expect(held).toEqual([]);
    expect(ok).toBeGreaterThanOrEqual(20);
  });
});

describe('classifyRemark: issue 12 eighth-pass English lines (who acts, negation, tense; labelled before they were run)', () => {
  it('reads the recipient picking up as delivered, a recipient not (yet) picking up as waiting, and "not been sent" as not yet shipped', () => {
    expectBatch(EIGHTH_PASS_LINES);
  });
  // The ninth pass's three hand-written batches (labelled before running), each with the lines it still misses, said plainly.
  const ninthBatches: [string, [string, Stage][], string[]][] = [
    ['who acts, re-attempts, data received vs the parcel, returns scheduled and done', NINTH_PASS_LINES, NINTH_PASS_KNOWN_MISSES],
    ['collected from the sender vs by the recipient, data vs the parcel, under way vs done', NINTH_PASS_SECOND_LINES, []],
    ['what will or may happen is not yet so, holds vs collections, return legs', NINTH_PASS_THIRD_LINES, []],
    ['English carrier event tables (tenth pass): holds vs attempts, data vs the parcel, parcel shops vs collections, papers for a broker', TENTH_PASS_EN_LINES, TENTH_PASS_EN_KNOWN_MISSES],
    ['English carrier event tables (eleventh pass): reasons at the door vs holds, return legs vs returns received, pickups to come vs done, points vs collections', ELEVENTH_PASS_EN_LINES, ELEVENTH_PASS_EN_KNOWN_MISSES],
    ['English carrier event tables (eleventh pass, second batch written after the rules): customs, missed connections, pickups to come, returns back with the sender', ELEVENTH_PASS_EN_SECOND_LINES, []],
    ['English carrier event tables (eleventh pass, third batch): customs, pickups tried or to come, attempts, returns, points, reroutes', ELEVENTH_PASS_EN_THIRD_LINES, []],
    ['consumer wording of Evri / DPD / PostNL / Royal Mail / GLS (eleventh pass, fourth batch): retailers as senders, you as the recipient', ELEVENTH_PASS_EN_FOURTH_LINES, []],
    ['UPS / FedEx / USPS wording (eleventh pass, fifth batch): attempts, access point holds and pickups, returns, clearance', ELEVENTH_PASS_EN_FIFTH_LINES, []],
    ['English status tables (twelfth pass): pickups booked or not yet done vs taken, orders at the merchant, late, returns stuck vs received back, awaited vs collected', TWELFTH_PASS_EN_LINES, []],
    ['English status tables (twelfth pass, second batch written after the rules): collections booked, data only, late, returns received back, awaited vs collected', TWELFTH_PASS_EN_SECOND_LINES, []],
    ['English wording of Royal Mail / Evri / DPD / Shopify / AfterShip / EasyPost / FedEx / UPS / USPS / Amazon (twelfth pass, third batch)', TWELFTH_PASS_EN_THIRD_LINES, []],
    ['carriers\' own tables and traces (twelfth pass, second wave): pickups assigned vs taken vs accepted further on, released to the driver, returns out to the seller vs back, signing scans, holds asked for, reasons at the door', TWELFTH_PASS_EN_FOURTH_LINES, []],
    ['the second wave\'s structures in other words (written after its rules): problems acted on, addresses that may be wrong, hand-overs to the next carrier', TWELFTH_PASS_EN_FIFTH_LINES, TWELFTH_PASS_EN_FIFTH_KNOWN_MISSES],
  ];
  it.each(ninthBatches)('reads the ninth to twelfth pass batch on %s, with no false delivered', (_name, lines, misses) => {
    expectBatch(lines, misses);
  });
  it('says neither delivered nor returned where someone else acknowledged, a plan, a future, a broker or the courier is meant (eleventh pass)', () => {
    expect(ELEVENTH_PASS_EN_NOT_DELIVERED.filter((r) => ['delivered', 'returned'].includes(classifyRemark(r)))).toEqual([]);
  });
  it('says neither delivered nor returned for a pickup awaited by the recipient, a receipt to come, a lapsed collection or a stuck return (twelfth pass)', () => {
    expect(TWELFTH_PASS_EN_NOT_DELIVERED.filter((r) => ['delivered', 'returned'].includes(classifyRemark(r)))).toEqual([]);
  });
  it('says neither delivered nor returned for a carrier after "Received by", a card left in the mailbox, customer service or a failed signing scan (twelfth pass, second wave)', () => {
    expect(TWELFTH_PASS_EN_SECOND_WAVE_NOT_DELIVERED.filter((r) => ['delivered', 'returned'].includes(classifyRemark(r)))).toEqual([]);
  });
  it('trusts a delivered where the recipient says it received the parcel, and holds a bare "Completed delivery" (twelfth pass)', () => {
    expect(classifyRemarkWithEvidence('The recipient has received the package')).toMatchObject({ stage: 'delivered', doubtful: false });
    expect(classifyRemarkWithEvidence('Completed delivery')).toMatchObject({ stage: 'delivered', doubtful: true });
  });
  it('reads a return notice that is only conditional or timed as no return (eleventh pass)', () => {
    expect(ELEVENTH_PASS_EN_CONDITIONAL_RETURNS.filter((r) => classifyRemark(r) === 'returning')).toEqual([]);
  });
  it('does not let the model name an English line that says what is expected, will or has not yet happened', () => {
    for (const r of [NINTH_PASS_THIRD_EXPECTED, 'Not yet delivered', 'Delivery will be attempted tomorrow'])
      expect(classifyRemarkWithEvidence(r)).toMatchObject({ stage: 'in_transit', rule: 'fallback.unknown' });
  });
  it('trusts a delivered where the recipient picks it up without waiting for 1688, and keeps a bare "Delivered" held', () => {
    const held = ['Consignee pick up parcel at the station', 'Parcel pick up by consignee', 'Picked up at locker by customer'].filter((r) => classifyRemarkWithEvidence(r).doubtful);
    expect(held).toEqual([]);
    expect(classifyRemarkWithEvidence('Delivered').doubtful).toBe(true);
  });
});

describe('classifyRemark: issue 12 tenth-pass Chinese lines (status descriptions, station vs recipient, failed pickups; labelled before they were run)', () => {
  it('reads every line right and never says delivered for one that is not', () => {
    expectBatch([...TENTH_PASS_LINES, ...TENTH_PASS_SECOND_LINES]);
  });
  it('holds a parcel a station signed for or that reached a pickup store, and returns a pickup that did not happen as a problem', () => {
    expect(classifyRemark('派送站点签收')).toBe('awaiting_pickup');
    expect(classifyRemark('商品配達買家取貨門市')).toBe('awaiting_pickup');
    expect(classifyRemark('未能取件')).toBe('exception');
    expect(classifyRemark('收件人未能到驿站取件')).toBe('awaiting_pickup');
    expect(classifyRemark('异常-联系不上客户')).toBe('failed_attempt');
    expect(classifyRemark('异常-无人认领')).toBe('exception');
  });
});

describe('classifyRemark: issue 12 eleventh-pass Chinese table lines (reasons, pickups, refusals, stations, assignments; labelled before they were run)', () => {
  it('reads them all but the known misses, and never says delivered for one that is not', () => {
    expectBatch([...ELEVENTH_PASS_LINES, ...ELEVENTH_PASS_SECOND_LINES, ...ELEVENTH_PASS_THIRD_LINES, ...ELEVENTH_PASS_FOURTH_LINES], ELEVENTH_PASS_KNOWN_MISSES);
  });
  it('keeps a signing that ran out of time or was disputed, and a bare pickup success, away from delivered', () => {
    expect(classifyRemark('买家签收超时')).toBe('exception');
    expect(classifyRemark('签收未收到')).toBe('exception');
    expect(classifyRemark('取件成功')).toBe('picked_up');
    expect(classifyRemark('i郵箱取件成功')).toBe('delivered');
    expect(classifyRemark('包裹因含带电物品被集运仓拒签，请联系卖家并申请退款')).toBe('returning');
    expect(classifyRemark('lazada仓库拒收')).toBe('exception');
  });
});

describe('classifyRemark: traps', () => {
  it('knows the locker and station brands and words a trace may name alone: signed there is held, not delivered', () => {
    for (const holder of ['快件箱', '快件柜', '快递箱', '包裹柜', '储物柜', '信包箱', '格格货栈', '格格柜', '熊猫快收', '蜂站', '便民站', '便民点', '村邮站', '邮乐购站点', '喵站', '小卖部', '快递点']) {
      expect(classifyRemark(`小区东门${holder}-已签收`), holder).toBe('awaiting_pickup');
      expect(classifyRemark(`您的快件已由${holder}签收`), holder).toBe('awaiting_pickup');
    }
    expect(classifyRemark('您的快件已从熊猫快收取出，感谢使用')).toBe('delivered');
  });
  it('holds a signing whose signer is a place or the carrier’s own people until 1688 confirms it; a person, a front desk or the parcel itself is trusted', () => {
    const held = ['快件已签收，签收人：朝阳区望京网点', '快件已签收，签收人：XX分部', '快件已签收,签收人:快递员', '已签收，签收人：中通快递员', '已签收，签收人：派件员', '快件已签收，签收人：中转站', '已签收，签收人：仓库', '已签收，签收人：物流公司', '已签收，签收人：揽投部', '已签收，签收人：邮政所'];
    for (const remark of held) expect([remark, classifyRemarkWithEvidence(remark)]).toMatchObject([remark, { stage: 'delivered', doubtful: true }]);
    const trusted = ['已签收，签收人：本人', '已签收，签收人：张三', '快件已签收，签收人是：李师傅', '已签收 签收人: 前台', '已签收，签收人是：收发室', '已签收，签收人：客户指定地点', '快件在【XX营业部】已签收，签收人：本人', '快件已签收'];
    for (const remark of trusted) expect([remark, classifyRemarkWithEvidence(remark)]).toMatchObject([remark, { stage: 'delivered', doubtful: false }]);
  });
  // Stop 20: a signing that also speaks of a timeout or an overdue parcel is mixed, as one that speaks of a failure
  // (the eleventh pass met 买家签收超时, a dispute, read as a signing by the rules before it).
  it('holds a named signing that speaks of a timeout or an overdue parcel', () => {
    for (const remark of ['已签收，签收人：本人，派件超时', '已签收，签收人：前台（逾期件）', '已签收，签收人：门卫，超期件']) {
      expect([remark, classifyRemarkWithEvidence(remark)]).toMatchObject([remark, { stage: 'delivered', doubtful: true }]);
    }
  });
  // Stop 20: the model's doubt swung on such lines with retraining (家人代收: p(delivered) from 1.0 to below 0.01); a person's or a
  // desk's signing the text does not mix is not put to it.
  it('trusts a signing for the recipient by a person or a desk whatever the model says, and still holds a station\'s', () => {
    expect(signedByPerson('delivered.agent_signed', normalizeRemark('您的快件已由家人代收，感谢使用中通快递'))).toBe(true);
    expect(signedByPerson('delivered.agent_signed', normalizeRemark('您的订单已由【物业】代收，感谢您在京东购物'))).toBe(true);
    expect(signedByPerson('delivered.agent_signed', normalizeRemark('已由客户指定地点代收'))).toBe(false);
    expect(signedByPerson('delivered.recipient_signed', normalizeRemark('家人代收'))).toBe(false);
    for (const remark of ['您的快件已由家人代收，感谢使用中通快递', '您的订单已由【物业】代收，感谢您在京东购物', '快件已由前台代收']) {
      expect([remark, classifyRemarkWithEvidence(remark)]).toMatchObject([remark, { stage: 'delivered', doubtful: false }]);
    }
    expect(classifyRemark('快件已由驿站代收')).toBe('awaiting_pickup');
  });
  // Stop 20: on the replays (each round's lines, the rules before it, a model trained before it), a bare 取件成功 / 取货成功 read as a
  // collection was a courier's pickup, and a collection line may say it was NOT collected. A collection is trusted when it names who
  // took it, a pickup code or the station, and nothing in it fails, is refused or runs late.
  it('holds a collection that names nobody, or that speaks of a failure or an overdue, and trusts one that names the taker, a code or the station', () => {
    for (const remark of ['已取出', '快件领取成功', '包裹已被取走', '快件已从丰巢柜取出（滞留3天）', '买家已取件，超时']) {
      expect([remark, classifyRemarkWithEvidence(remark)]).toMatchObject([remark, { stage: 'delivered', rule: 'delivered.collected_from_station', doubtful: true }]);
    }
    for (const remark of ['您的快件已从菜鸟驿站取出', '收件人已取件', '已签收，签收人凭取货码签收', '取件人已领取', '客户自提成功']) {
      expect([remark, classifyRemarkWithEvidence(remark)]).toMatchObject([remark, { stage: 'delivered', rule: 'delivered.collected_from_station', doubtful: false }]);
    }
  });
  const cases: [string, Stage, string][] = [
    // negations of signing are never delivered
    ['快件无法签收，收件人电话关机', 'failed_attempt', '无法签收'],
    ['快件未签收，原因：收件人不在', 'failed_attempt', '未签收'],
    ['签收失败，收件人要求改天派送', 'failed_attempt', '签收失败'],
    ['收件人拒绝签收，原因：外包装变形', 'exception', '拒绝签收 is a refusal'],
    ['未妥投，原因：收件人不在', 'failed_attempt', '未妥投'],
    ['快件待签收，请保持电话畅通', 'in_transit', '待签收 is not signed'],
    // 已取件 depends on who took it
    ['快递员已取件，取件员：郑师傅', 'picked_up', 'courier at pickup'],
    ['客户已下单，宅急送待取件', 'info_received', '待取件 by the courier'],
    ['收件人已在【菜鸟驿站】取件', 'delivered', 'recipient at the station'],
    // station 代收 is waiting, an agent 代收 is delivered
    ['快件已由【天河棠下菜鸟驿站】代收，请及时取件', 'awaiting_pickup', '驿站代收'],
    ['快件已签收，签收人：菜鸟驿站', 'awaiting_pickup', 'station signed'],
    ['您的包裹已被丰巢智能柜签收，请凭取件码取件', 'awaiting_pickup', 'locker signed'],
    ['快件已签收，签收人：快递柜取件', 'delivered', 'taken out of the locker'],
    ['您的订单已签收。签收人：前台代收', 'delivered', 'agent'],
    ['快件已由门卫代收', 'delivered', 'agent 代收'],
    // boilerplate never decides
    ['【金华市】快件已到达 金华转运中心，如有异常请联系网点客服', 'in_transit', '如有异常'],
    ['快件正在派送途中，签收前请检查包裹外观，如有破损请当面拒收', 'out_for_delivery', '签收前 / 如有破损'],
    ['已揽收，如有疑问请联系客服0579-8888****，如需退货请联系商家', 'picked_up', '如需退货'],
    ['您的快件已到达驿站，请尽快取件，逾期未取将退回寄件人', 'awaiting_pickup', '逾期未取将退回'],
    // returns
    ['收件人拒收，原因：商品与描述不符', 'exception', 'refused, no return yet'],
    ['收件人拒收，快件将退回', 'returning', 'return started'],
    ['快件已退回，正在返回寄件人途中', 'returning', '已退回 = sent back'],
    ['退回件已签收，签收人：寄件人', 'returned', 'sender signed'],
    ['退回邮件已妥投', 'returned', '退回 + 妥投'],
    // future routing is not transit
    ['已揽收，准备发往金华转运中心', 'picked_up', '准备发往'],
    // English
    ['Delivered - signed by recipient', 'delivered', 'en'],
    ['Not delivered - recipient not available', 'failed_attempt', 'en negation'],
    ['Your parcel will be delivered tomorrow', 'in_transit', 'en future'],
    ['Delivered to parcel locker, pickup code 1234', 'awaiting_pickup', 'en locker'],
    ['Out for delivery', 'out_for_delivery', 'en'],
    ['Shipment information received', 'info_received', 'en'],
    ['Shipment picked up by courier', 'picked_up', 'en'],
    // full-width and traditional
    ['ＤＥＬＩＶＥＲＥＤ', 'delivered', 'full-width letters (NFKC)'],
    ['快件已簽收，簽收人：本人', 'delivered', 'traditional'],
    ['快件已攬收', 'picked_up', 'traditional'],
    ['快件無法簽收，收件人不在', 'failed_attempt', 'traditional negation'],
    // instructions to collect are not collection
    ['您的快件已到达菜鸟驿站，请到驿站取件', 'awaiting_pickup', '请到驿站取件'],
    ['请凭取件码到丰巢智能柜取出您的快件', 'awaiting_pickup', '请…取出'],
    ['您的快件已从菜鸟驿站取出', 'delivered', 'taken out'],
    ['Not yet delivered', 'in_transit', 'en not yet'],
    ["Your parcel hasn't been delivered yet", 'in_transit', "en hasn't been"],
    // 菜鸟 alone is a brand (菜鸟裹裹, warehouses), not a station
    ['菜鸟裹裹快递员已揽收', 'picked_up', '菜鸟裹裹'],
    ['快件已到达【菜鸟杭州中心仓】', 'in_transit', '菜鸟 warehouse'],
    // unknown text keeps polling
    ['', 'in_transit', 'empty'],
    ['物流信息更新', 'in_transit', 'unknown'],
  ];
  for (const [remark, stage, why] of cases) {
    it(`${why}: ${remark || '(empty)'} → ${stage}`, () => {
      expect(classifyRemark(remark)).toBe(stage);
    });
  }
});

describe('classifyRemark: negated signing is never delivered', () => {
  it('holds for every negation × verb × wrapper', () => {
    const wrong: string[] = [];
    for (const neg of ['无法', '未', '未能', '尚未', '没有', '不能', '拒绝', '待', '等待', '暂未'])
      for (const verb of ['签收', '妥投'])
        for (const line of [`快件${neg}${verb}`, `【广州市】快件${neg}${verb}，原因：收件人不在`, `您的包裹${neg}${verb}，请保持电话畅通`]) {
          if (classifyRemark(line) === 'delivered') wrong.push(line);
        }
    expect(wrong).toEqual([]);
  });
});

describe('normalizeRemark', () => {
  it('folds width, case and traditional characters and drops conditional boilerplate', () => {
    expect(normalizeRemark('ＳＦ 快遞已簽收，如有疑問請聯繫客服')).toBe('sf 快递已签收,');
  });
});

// classifyRemark takes two shortcuts (a per-character fold table instead of NFKC + lower case +
// traditional → simplified, and skipping rules whose required characters the text lacks). They
// must never change an answer: held here to the classifier by its definition, on every labelled
// line and on generated ones made to reach the corners (width, traditional, combining marks,
// astral and lone surrogates, boilerplate, English, very long text).
describe('classifyRemark: the fast path equals the definition', () => {
  const labelled = [...readCorpus().map((r) => r.remark), ...HOLDOUT.map(([, remark]) => remark), ...ISSUE12_LINES.map(([remark]) => remark)];

  function generated(n: number, seed: number): string[] {
    let s = seed;
    const rnd = () => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return s / 0x7fffffff;
    };
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
    // The rules' own vocabulary, so generated text reaches them.
    const vocab = [
      ...new Set(
        classifierInternals.checked
          .map((re) => re.source)
          .join('|')
          .split(/[^\u4e00-\u9fffa-z ]+/)
          .filter((w) => w.length >= 1 && w.length <= 8),
      ),
    ];
    const odd = ['\u0301', '\u3099', 'Ａ', 'ｚ', '　', '\u3131\u314f', '😀', '\uD800', '\uDC00', '\0', 'İ', 'Σ', '…', '簽收', '攬收', '驛站', '，', '：', '（', '）', '\n', '\t', ' ', '-', '【', '】'];
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const parts: string[] = [];
      const len = 1 + Math.floor(rnd() * 6);
      for (let k = 0; k < len; k++) {
        const r = rnd();
        if (r < 0.35) {
          const line = pick(labelled);
          const a = Math.floor(rnd() * line.length);
          parts.push(line.slice(a, a + 1 + Math.floor(rnd() * 20)));
        } else if (r < 0.7) parts.push(pick(vocab));
        else if (r < 0.85) parts.push(pick(odd));
        else parts.push(String(Math.floor(rnd() * 1e6)));
      }
      let t = parts.join(rnd() < 0.5 ? '' : pick(['，', ',', ' ', '。', '；']));
      if (rnd() < 0.1) t = t.toUpperCase();
      if (rnd() < 0.1) t = [...t].map((c) => (c >= '!' && c <= '~' && rnd() < 0.5 ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
      out.push(t);
    }
    out.push('已签收'.repeat(2000), `${'快件已到达转运中心，'.repeat(500)}签收人：本人`);
    return out;
  }

  it('gives the same stage and the same normalised text on every labelled and generated line', () => {
    const wrong: string[] = [];
    for (const remark of [...labelled, ...generated(60_000, 7)]) {
      const fast = classifyRemark(remark);
      const slow = classifyRemarkByDefinition(remark);
      if (fast !== slow || normalizeRemark(remark) !== classifierInternals.normalizeByDefinition(remark)) wrong.push(`${slow} → ${fast}: ${JSON.stringify(remark)}`);
      if (wrong.length > 5) break;
    }
    expect(wrong).toEqual([]);
  });

  it('folds each character of the table exactly as NFKC, lower case and simplification do', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const f = classifierInternals.foldOf(c);
      if (f === 0) continue;
      const ch = String.fromCharCode(c);
      if (classifierInternals.foldByDefinition(ch) !== String.fromCharCode(f)) wrong.push(`U+${c.toString(16)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a rule matches only text holding one of its required characters', () => {
    const wrong: string[] = [];
    const texts = [...labelled, ...generated(20_000, 11)].map((r) => classifierInternals.normalizeByDefinition(r));
    for (const re of classifierInternals.checked) {
      const need = classifierInternals.requiredChars(re.source);
      if (need === null) continue;
      for (const t of texts) {
        if (!re.test(t)) continue;
        if (![...t].some((ch) => [...ch].some((_, i) => need.has(ch.charCodeAt(i))))) wrong.push(`${re.source.slice(0, 30)}…: ${t}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads patterns soundly and refuses syntax it does not know', () => {
    const chars = (src: string) => {
      const r = classifierInternals.requiredChars(src);
      return r === null ? null : [...r].map((c) => String.fromCharCode(c)).sort().join('');
    };
    expect(chars('签收')?.length).toBe(1);
    expect(chars('a|b')).toBe('ab');
    expect(chars('a|b?')).toBeNull(); // b? matches empty text
    expect(chars('(?<!未)签(?=收)')).toBe('签');
    expect(chars('[^,]{0,4}x')).toBe('x');
    expect(chars('[xy]z?')).toBe('xy');
    expect(chars('\\bfoo\\b|.')).toBeNull();
    expect(() => classifierInternals.requiredChars('(a)\\1')).toThrow(/cannot read/);
    expect(() => classifierInternals.requiredChars('(a')).toThrow(/cannot read/);
    // A space (in nearly every line) is not chosen when a letter will do: English rules skip Chinese lines with spaces.
    expect(chars('\\bcompany unknown\\b')).not.toContain(' ');
  });

  it('gathers the branches that start at a word behind one \\b, and matches the same texts', () => {
    const { wordStartFirst } = classifierInternals;
    expect(wordStartFirst('\\bfoo|(?<!not )\\bbar|baz')).toBe('\\b(?:foo|(?<!not )bar)|baz');
    expect(wordStartFirst('(?:\\bfoo|\\bbar)x|\\bqux|签')).toBe('\\b(?:(?:foo|bar)x|qux)|签');
    expect(wordStartFirst('\\bfoo|签')).toBe('\\bfoo|签'); // one branch: nothing to gather
    const texts = [...labelled, ...generated(5_000, 13)].map((r) => classifierInternals.normalizeByDefinition(r));
    const wrong: string[] = [];
    for (const re of classifierInternals.checked) {
      const fast = new RegExp(wordStartFirst(re.source));
      for (const t of texts) if (fast.test(t) !== re.test(t)) wrong.push(`${re.source.slice(0, 30)}…: ${t}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('classifyRemark: issue 12 twelfth-pass Chinese table lines (operations, problems, return orders, assignments; labelled before they were run)', () => {
  it('reads them all but the known misses, and never says delivered for one that is not', () => {
    // The second wave's three batches of ERP / same-city / store-pickup names too.
    const lines = [
      ...TWELFTH_PASS_LINES,
      ...TWELFTH_PASS_SECOND_LINES,
      ...TWELFTH_PASS_THIRD_LINES,
      ...TWELFTH_PASS_TABLE_LINES,
      ...TWELFTH_PASS_TABLE_SECOND_LINES,
      ...TWELFTH_PASS_TABLE_THIRD_LINES,
    ];
    expectBatch(lines, TWELFTH_PASS_KNOWN_MISSES);
  });
  it('tells a carrier\'s return order going back from one back in stock, and keeps the guards', () => {
    const cases: [string, Stage][] = [
      ['拒收退仓', 'returning'],
      ['返货入库', 'returned'],
      ['退货入库，待退回商家', 'returned'],
      ['拒收，快件已入库待退回', 'returning'],
      ['可申请退货', 'in_transit'],
      ['所有到件未派送的快件将于明日派送', 'in_transit'],
      ['违禁品', 'exception'],
      ['违禁品转陆运', 'in_transit'],
      ['取件人已取件', 'picked_up'],
      ['退货已验收入库', 'returned'],
      ['退货未入库', 'returning'],
      ['退货仓入库', 'returning'],
      ['拒收退回仓库', 'returning'],
      ['妥投失败-收件人地址不详', 'failed_attempt'],
      ['签收失败-客户拒收', 'exception'],
      ['派件出库', 'out_for_delivery'],
      ['建箱', 'in_transit'],
    ];
    expect(cases.filter(([remark, stage]) => classifyRemark(remark) !== stage)).toEqual([]);
    // Traditional spellings of the same table names read the same.
    const traditional = ['退貨入庫', '返貨在途', '有發未到', '違禁品轉陸運', '待搶單', '拒收退倉', '未填寫收件人電話', '派件出庫'];
    expect(traditional.map((r) => classifyRemark(r))).toEqual(['returned', 'returning', 'exception', 'in_transit', 'info_received', 'returning', 'exception', 'out_for_delivery']);
    const collected = classifyRemarkWithEvidence('取件人已取');
    expect([collected.stage, collected.doubtful]).toEqual(['delivered', true]);
    expect(classifyRemark('站点待分配派件员派送')).not.toBe('info_received');
  });
});

describe('classifyRemark: issue 12 twelfth-pass second wave, ERP / same-city / store-pickup status names (labelled before they were run)', () => {
  it('tells waiting for the carrier from a collection, a pickup store from a shop a rider goes to, and keeps bare completions doubtful', () => {
    const cases: [string, Stage][] = [
      ['等待司机接货', 'info_received'],
      ['「达达」跑腿，待取货', 'info_received'],
      ['待取餐（已分配给配送员，配送员未取餐）', 'info_received'],
      ['骑手已取货', 'picked_up'],
      ['骑手已取货，配送中', 'out_for_delivery'],
      ['骑手已到达门店', 'info_received'],
      ['待取货，取件門市配達', 'awaiting_pickup'],
      ['快件已到达门店', 'awaiting_pickup'],
      ['運往取件門市途中', 'in_transit'],
      ['賣家已到門市寄件', 'picked_up'],
      ['包裹重新配達寄件門市', 'returning'],
      ['退貨門市重選門市', 'exception'],
      ['下发出库单', 'info_received'],
      ['美国仓库中心称重处理', 'in_transit'],
      ['转运仓库处理中', 'in_transit'],
      ['已完成揽收', 'picked_up'],
      ['订单已完成支付', 'in_transit'],
      ['7 日內未寄件單號失效', 'exception'],
      ['运输停滞', 'exception'],
      ['骑手已接单，待取货', 'info_received'],
      ['退貨已送達寄件門市', 'returning'],
      ['退货已签收', 'returned'],
      ['送回寄件人途中', 'returning'],
      ['未成功送达', 'failed_attempt'],
      ['海关待审核', 'in_transit'],
      ['快递员已取件，正在派送中', 'out_for_delivery'],
      ['快件已到达北京配送中心', 'in_transit'],
      ['包裹已送達物流中心，即將配送至指定門市', 'in_transit'],
      ['包裹进行配送中', 'out_for_delivery'],
    ];
    expect(cases.filter(([remark, stage]) => classifyRemark(remark) !== stage)).toEqual([]);
    // A bare completion or collection names nobody: delivered, but doubtful until 1688's status agrees.
    for (const remark of ['已完成', '订单已完成', '貨件送達', '順利送達', '已取貨', '已完成取貨', '門市取貨完成']) {
      const v = classifyRemarkWithEvidence(remark);
      expect([remark, v.stage, v.doubtful]).toEqual([remark, 'delivered', true]);
    }
    // Simplified and traditional spellings read the same.
    const pairs: [string, string][] = [['等待物流司机接货', '等待物流司機接貨'], ['仓库处理中', '倉庫處理中'], ['已到收件门市', '已到收件門市'], ['订单成立未寄件', '訂單成立未寄件']];
    expect(pairs.map(([a, b]) => [classifyRemark(a), classifyRemark(b)])).toEqual([
      ['info_received', 'info_received'],
      ['info_received', 'info_received'],
      ['awaiting_pickup', 'awaiting_pickup'],
      ['info_received', 'info_received'],
    ]);
  });
});
