// The rule vocabulary shared by the classifier's rule groups (remarkRules*.ts): clause-local gaps,
// negation look-behinds, the rule type, station and facility words, the English parcel nouns. Pure, no I/O.

// Clause-local gap: look-behinds never reach across a comma or full stop.
export const G = (n: number): string => `[^,;。!?\\n]{0,${n}}`;
// `alt` not preceded by `neg`. The look-behind sits AFTER the literal so V8 can scan for the
// literal first (a leading look-behind made some rules 10x slower).
export const unless = (neg: string, alt: string): string => `(?:${alt})(?<!(?:${neg})(?:${alt}))`;

/** A rule: its stable id (RULE_DESCRIPTIONS, shown as 判定依据) and its pattern. */
export interface Rule {
  id: string;
  re: RegExp;
}
export const rule = (id: string, src: string | RegExp): Rule => ({ id, re: typeof src === 'string' ? new RegExp(src) : src });

// Station / locker vocabulary (a parcel there waits for the recipient).
export const STATION =
  '驿站|快递柜|智能柜|自提柜|丰巢|快件箱|快件柜|快递箱|包裹柜|储物柜|信包箱|格格货栈|格格柜|熊猫快收|蜂站|便民站|便民点|代收点|代理点|自提点|自提网点|暂存点|寄存点|速递易|兔喜|近邻宝|收件宝|e栈|云柜|快递超市|超市(?!分部|服务部)|便利店(?!分部|服务部)|取件门市|取货门市|百世邻里|快递站|i邮箱|代取点|村邮站|邮乐购|喵站|小卖部|快递点|京东派';


// Who acts in a clause decides what a verb means: a carrier's person who takes a parcel collects it
// from the sender (揽收), a recipient who takes it collects it from a station (delivered); a carrier's
// facility that signs for a parcel has only received it on the way (a delivering branch, 网点/营业部, is
// left out: "在…营业部签收" names where the recipient signed; so is a plain 仓库, often the buyer's own).
export const CARRIER_PERSON = '骑手|司机|驾驶员|快递员|快递小哥|小哥|揽件员|揽收员|收件员|收派员|取件员|业务员|师傅';
/** The people and desks that sign for the recipient (他人代收, 前台代收, 由【物业】代收); 亲属 / 家属 / 亲友 since stop 23 (京东's "已由亲属代收"). */
export const AGENT_PERSON = '他人|前台|门卫|保安|物业|同事|家人|亲属|家属|亲友|邻居|收发室|传达室';
/** The carrier's people who bring a parcel to the recipient (not in CARRIER_PERSON, whose rules read them as collectors). */
export const DELIVERY_STAFF = '派件员|派送员|配送员|投递员';
export const CARRIER_FACILITY =
  '海外仓|转运仓|集运仓|[法英美德澳加日韩意荷比俄]邮|仓库中心|仓储中心|物流中心|运营中心|转运中心|分拨中心|分拣中心|处理中心|集散中心|操作中心|中转场|海关|航空公司|承运商|服务商|物流商';

// The parcel in English rules (remarkRulesEnglish.ts): one list where each rule once spelt out its own, in its own
// order and length. A rule that keeps a shorter list says why (the full one would change what it matches).
export const PARCEL_EN = 'parcel|package|shipment|item|consignment|article|goods|cargo|packet|freight';
/** The same, where the customer's order stands for the parcel ("Order has been picked up", "Order details received"). */
export const ORDER_OR_PARCEL_EN = `order|${PARCEL_EN}`;

/**
 * `alt` preceded by `before` in its clause, written literal first: the look-behind sits AFTER the
 * literal so V8 scans for the (rarer) literal first, as in `unless`.
 */
export const after = (before: string, alt: string): string => `(?:${alt})(?<=(?:${before})(?:${alt}))`;
