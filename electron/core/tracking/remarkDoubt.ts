// When a delivered / returned read from a remark is doubtful (classifyRemarkWithEvidence): the
// second witness (parcelEvidence.ts) then holds it until 1688's own status has been read. A false
// delivered writes 签收 into the ERP and stops polling, so a delivered that is NOT doubtful must rest
// on strong evidence: a signing with the signer named (本人, 他人, 前台, a name …), an agent's
// signing (代签), 妥投, or the recipient taking it out of a station (已取出). Pure, no I/O.
import type { Stage } from '../../../shared/domain';
import { AGENT_PERSON, CARRIER_PERSON, DELIVERY_STAFF, G, STATION } from './remarkLexicon';

/** The recipient and the people around them, as a trace names them (a signer, a collector). */
const RECIPIENT_SIDE = '收件人|收货人|收方|客户|本人|用户|买家|顾客|家人|家属|同事|朋友|邻居';

// Cues that, next to a delivered/returned verdict, make the text mixed: a station or locker is
// named (it may only be holding the parcel), a failure, refusal or problem is mentioned, a timeout or
// overdue (超时, 逾期, 超期, 滞留: 买家签收超时 is a dispute), or a delivered line also speaks of a return.
// Stop 24: a signing the system made by itself (自动签收, 系统签收, 默认签收: a platform's confirmation after a timeout) is no
// evidence that anyone received the parcel.
const MIXED_NOT_A_PLACE = '失败|未|拒|异常|问题|退回|退件|退货|超时|逾期|超期|滞留|自动签收|系统签收|默认签收';
/**
 * Stop 24: holders named without a place word at the end: station and locker brands, 菜鸟 (a Cainiao station, "签收人：小区门口菜鸟")
 * and 蜂巢 (丰巢 as it is often written, "快件已被【蜂巢】签收"), and a compound's parcel room, shelf or left-parcel desk
 * (签收人：快递室 / 小区快递房 / 快递货架 / 快递寄存处, 被 小区包裹间 签收). A holder signed; the recipient may not have.
 */
const HOLDER = '菜鸟|蜂巢|快递(?:室|房|间|货架|架)|包裹(?:室|房|间)|寄存处';
/** A parcel put at such a holder ("快件已签收【放菜鸟】", "放置：菜鸟"): 菜鸟 alone is as often the platform ("感谢使用菜鸟"), so only when placed there. */
const PLACED_AT_HOLDER = `放(?:置|在|至|到|入)?[:：]?\\s*[【\\[]?(?:${HOLDER})`;
const MIXED_FOR_DELIVERED = new RegExp(`${STATION}|代理点|代收|${PLACED_AT_HOLDER}|${MIXED_NOT_A_PLACE}`);
/**
 * For a collection from a station (whose station is no mixed cue), the other cues still are: "消费者七天未取，商品离开取货门市"
 * (not collected, leaving the store) is no collection.
 */
const MIXED_FOR_COLLECTED = new RegExp(MIXED_NOT_A_PLACE);
/**
 * A collection is strong when it says who took it (the recipient's side: 您, 收件人, 客户, 买家 …, 签收人, a family member),
 * with a pickup code, or from which station or locker: "已取出", "取件成功", "已取货" alone may be a courier's.
 */
const COLLECTOR_NAMED = new RegExp(
  `${RECIPIENT_SIDE}|您(?!的)|你(?!的)|收受人|取件人|提货人|消费者|签收人|自提|取件码|取货码|提货码|${STATION}|门市|店`,
);
const MIXED_FOR_RETURNED = /途中|正在|将|准备|中转|发往|失败|异常/;
/** Rules whose delivered/returned verdict rests on one weak word rather than a signature. */
const WEAK_RULES = new Set([
  'delivered.signed_after_problem',
  'delivered.delivery_completed',
  'delivered.left_at_door',
  'delivered.collector_took',
  'delivered.english',
  'returned.back_with_sender',
  'returned.english',
]);
/** Rules whose delivered is strong by itself: an agent's signing, a hand-over in person, 妥投, a collection from a station. */
const STRONG_DELIVERED = new Set(['delivered.agent_signed', 'delivered.handed_to_recipient', 'delivered.proper_delivery', 'delivered.collected_from_station', 'delivered.station_outbound']);
/** Collections from a station name the station by nature: its name is not a mixed cue for them. */
const STATION_RULES = new Set(['delivered.collected_from_station', 'delivered.station_outbound']);
/**
 * A signing (`delivered.recipient_signed`) is strong when the text says who signed: after 签收人 / 签收方,
 * a person or role next to 签收, or someone between 由/被 and 签收 ("已被 本人 签收", "由前台签收"; not a place: "由门店签收").
 */
const SIGNER = `${RECIPIENT_SIDE}|他人|亲属|前台|门卫|保安|物业|收发|传达室|单位|公司|署名|签字`;
/** A place rather than a person: a store, station, point, locker, depot or hub ("由门店签收"). */
const PLACE_END = '店|铺|站|点|柜|仓|中心|部|场|园区|门市';
/** Whatever closes a name before 签收: brackets and spaces ("由 幸福里商店 签收", "被【蜂巢】签收" end in a place all the same). */
const NAME_CLOSE = '[\\s\\]】)）]*';
/** The end of a name that is a place or a holder, with what closes it. */
const PLACE_NAME_END = `(?:${PLACE_END}|${HOLDER})${NAME_CLOSE}`;
/** The customer's chosen place (京东's "由【客户指定地点】签收"): a place, but one the recipient named. */
const CHOSEN_PLACE = '[【\\[]?(?:客户)?指定';
/** Someone between 由/被 and 签收, the name's end held to `end` (a look-behind): "已被 本人 签收", "由门店签收". */
const SIGNED_BY = (end: string, start = ''): string => `(?:由|被)\\s*${start}[^\\s,;。!?\\n签]${G(10)}${end}\\s*签收`;
const SIGNER_NAMED = new RegExp(
  `(?:${SIGNER})${G(6)}签收|签收${G(3)}(?:${SIGNER})|(?:由|被)\\s*${CHOSEN_PLACE}${G(10)}签收|${SIGNED_BY(`(?<!${PLACE_NAME_END})`)}`,
);
/**
 * A place that signed, between 由/被 and 签收 (not the customer's chosen place): doubtful even where a bracket or space before
 * 签收 leaves the parcel as the clause's subject for parcelWasSigned ("快件已被【蜂巢】签收", "快件已由 幸福里商店 签收").
 */
const PLACE_SIGNED = new RegExp(SIGNED_BY(`(?<=${PLACE_NAME_END})`, `(?!${CHOSEN_PLACE})`));
/**
 * The name after 签收人 / 签收方. Strong unless it is a place (as for 由/被 above: "签收人：望京网点", "签收人：转运站",
 * "签收人：仓库") or the carrier's own people or firm ("签收人：快递员", "签收人：物流公司"): those received it, the
 * recipient may not have, so such a signing is doubtful even where the parcel is the subject ("快件已签收，签收人：网点").
 */
const SIGNER_FIELD = /签收(?:人|方)\s*[:：是为]?\s*[【\[(（]?([^\s,;。!?\n】\])）]+)/g;
// 师傅 and 小哥 alone are how anyone may be called ("李师傅"); the carrier's people are named by their trade.
const CARRIER_TRADE = CARRIER_PERSON.split('|').filter((w) => w !== '师傅' && w !== '小哥').join('|');
const NOT_THE_RECIPIENT = new RegExp(
  `^(?!(?:客户)?指定)(?:.*(?:${PLACE_END}|所|园|库|支局|营业厅)|.*(?:${HOLDER}).*|[^\\d]{0,8}(?:${CARRIER_TRADE}|${DELIVERY_STAFF}|快递公司|物流公司|货运公司))$`,
);
function signerFields(t: string): { named: boolean; notRecipient: boolean } {
  let named = false;
  let notRecipient = false;
  for (const m of t.matchAll(SIGNER_FIELD)) {
    if (NOT_THE_RECIPIENT.test(m[1]!)) notRecipient = true;
    else named = true;
  }
  return { named, notRecipient };
}

/**
 * Or when what signed is the parcel itself, or nothing is named: a carrier's report of a finished signing
 * ("快件已签收", "已签收，感谢使用顺丰", "[…]的派件已签收", "成功签收", a status name "签收"). What stands before
 * 签收 in its clause (any 签收 of the text), less 已/被/成功, must be empty or end in a word for the parcel; any other actor
 * ("仓库已签收") is one the rules do not know, so the text is doubtful.
 */
const SIGNED_SUBJECT = /(?:^|[,;。!?\n\s\]】)）\-:：|])([^,;。!?\n\s\]】)）\-:：|]*?)(?:已经|均已|已)?(?:被|由)?(?:成功|正常)?签收/g;
// A word for the parcel, or a conjunction after the delivery ("投递并签收").
const PARCEL_WORD = /(?:快件|包裹|快递|邮件|派件|订单|商品|货物|货件|物品|您的件|并|且)$/;
function parcelWasSigned(t: string): boolean {
  for (const m of t.matchAll(SIGNED_SUBJECT)) if (m[1] === '' || PARCEL_WORD.test(m[1]!)) return true;
  return false;
}

/**
 * An agent's signing is itself a 代收 ("已由门卫代收", "他人代收：门口", "已由【客户指定地点】代收"): its own 代收
 * by a person or a place the recipient chose is not a mixed cue (a station or locker that 代收 is decided
 * awaiting_pickup before this rule; a company's 代收 and 代收货款, cash on delivery, stay doubtful).
 */
const AGENT_SIGNS = '[】\\])）]?\\s*代(?:签)?收(?!货?款)';
const AGENT_HELD = new RegExp(`(?:${AGENT_PERSON}|指定[^,;。!?\\n]{0,8})${AGENT_SIGNS}`, 'g');
const PERSON_AGENT = new RegExp(`(?:${AGENT_PERSON})${AGENT_SIGNS}`);
/**
 * Stop 24: the carrier's own person or firm signing "for" the recipient (快递员代签, 派件员代签收, 签收人：快递员代签) is how a courier
 * marks a parcel delivered that he has not handed over (虚假签收): an agent's signing, but not one the recipient chose.
 */
const CARRIER_AGENT = new RegExp(`(?:${CARRIER_TRADE}|${DELIVERY_STAFF}|快递公司|物流公司)${NAME_CLOSE}代(?:签收?|收(?!货?款))`);
/**
 * A signing for the recipient by a person or a desk (家人代收, 前台代收, 由【物业】代收) that the text does not mix: the
 * strongest evidence text gives. The n-gram model is not asked to doubt it (classifyRemark.ts): it reads 代收 mostly from
 * stations and stores, and retrained on 95% samples it swung on such lines from p(delivered) 1.0 to 0.0 (stop 20).
 */
export function signedByPerson(rule: string, t: string): boolean {
  return rule === 'delivered.agent_signed' && PERSON_AGENT.test(t);
}
/**
 * An English delivered line is strong when it says the recipient acted or signed ("Package picked up by
 * customer", "The receiver has picked up their package", "signed by the customer", "Delivered to Buyer",
 * "Signature obtained", "left with your neighbour": the recipient's agent, as 他人代收; "Consignee pick up cargo at
 * the station", "Picked up at locker by customer"; a person at the address: "Left with Individual", "Front Desk/Reception/
 * Mail Room", as 前台; "Delivered and Signed", "Delivered - Signature"; "Receiver acknowledges receipt", "the recipient has received the shipment"; never "No Signature": "no" is a mixed cue) and nothing in it speaks of a failure, a return or a carrier's party
 * ("Delivered to local carrier", "received by partner") or of what is yet to happen ("to be", "will",
 * "ready"); every other English delivered stays weak.
 */
const RECIPIENT_ACTED_EN =
  /\b(?:picked up|collected|pick-?up|signed(?: for)?|received|confirmed) by (?:the )?(?:recipient|receiver|consignee|customer|addressee|buyer|household)\b(?! service| care)|\b(?:recipient|receiver|consignee|customer|addressee)s? (?:has |have )?(?:picked up|collected|signed|picks? up)\b|\bpick(?:ed)? up (?:at [^.;]{0,30})?by (?:the )?(?:recipient|receiver|consignee|customer|addressee)\b|\bdelivered to (?:the )?(?:customer|recipient|consignee|addressee|buyer)\b(?!['’]s)|\bsignature (?:obtained|from household)\b|\bdelivered (?:and|&) signed\b|\bdelivered\W{1,3}signature\b|\bleft with (?:an? )?individual\b|\bindividual picked up\b|\bfront desk\b|\breception\b|\bmail ?room\b|\bneighbou?r as requested\b|\b(?:left with|delivered to) (?:a |the |your )?neighbou?rs?\b|\bhanded (?:over )?to (?:the )?(?:recipient|consignee|addressee|receiver|customer)\b|\b(?:recipient|receiver|consignee|customer|addressee) (?:has )?acknowledge[sd]? (?:the )?receipt\b|\b(?:recipient|receiver|consignee|customer|addressee) (?:has )?(?:successfully )?received (?:the |your |their )?(?:shipment|parcel|package|item|goods)\b/;
const MIXED_EN = /\b(?:not|no|never|unable|fail\w*|attempt\w*|return\w*|refus\w*|reject\w*|partner|carrier|agent|airline|facility|warehouse|hub|depot|courier|driver|misdeliver\w*|wrong|damaged?|lost|remaining|partial\w*|will|to be|ready|await\w*|available|expected|scheduled|estimated|please|can|may|must)\b/;

/** Whether a delivered / returned verdict of `rule` on normalised text `t` is doubtful (before the model's opinion). */
export function doubtOfText(stage: Stage, rule: string, t: string): boolean {
  if (stage === 'delivered') {
    if (rule === 'delivered.english') return !RECIPIENT_ACTED_EN.test(t) || MIXED_EN.test(t);
    if (WEAK_RULES.has(rule)) return true;
    if (rule === 'delivered.agent_signed' ? MIXED_FOR_DELIVERED.test(t.replace(AGENT_HELD, '')) || CARRIER_AGENT.test(t) : !STATION_RULES.has(rule) && MIXED_FOR_DELIVERED.test(t)) return true;
    if (STATION_RULES.has(rule) && (MIXED_FOR_COLLECTED.test(t) || !COLLECTOR_NAMED.test(t))) return true;
    if (STRONG_DELIVERED.has(rule)) return false;
    if (rule !== 'delivered.recipient_signed') return true;
    const field = signerFields(t);
    return field.notRecipient || PLACE_SIGNED.test(t) || !(field.named || SIGNER_NAMED.test(t) || parcelWasSigned(t));
  }
  if (stage === 'returned') return WEAK_RULES.has(rule) || MIXED_FOR_RETURNED.test(t);
  return false;
}
