// Trace-remark classifier (tracking-domain.md §1). Pure, no I/O.
//
// Design: normalise the text, cut conditional boilerplate, then test ordered rules
// (returned > returning > exception > failed_attempt > delivered > awaiting_pickup >
// out_for_delivery > in_transit > picked_up > info_received). Negations are handled
// inside the patterns with look-behinds, so "无法签收" never reads as "签收".
// A false `delivered` stops polling for good, so every delivered rule is the narrowest
// one that still covers real carrier phrasing, and unknown text falls back to
// `in_transit`: it keeps the parcel polled and, if nothing moves, the stall alert fires.
import type { Stage } from '../../../shared/domain';

// ---------- normalisation ----------

// Traditional → simplified for characters that occur in trace lines (NFKC does not fold these).
const TRAD =
  '簽签攬揽運运遞递處处達达發发轉转傳传貨货櫃柜碼码區区電电話话無无聽听將将這这們们車车掃扫撥拨進进從从經经門门員员' +
  '時时間间滯滞於于暫暂氣气網网點点裝装單单號号遺遗損损費费與与聯联繫系問问題题異异還还歸归實实際际領领戶户務务約约' +
  '預预備备線线場场認认證证據据後后開开關关機机館馆誤误為为請请態态說说訊讯確确臨临攔拦棄弃絕绝樞枢紐纽廣广東东華华' +
  '義义烏乌蘇苏陽阳節节內内標标準准試试頭头過过遠远檢检驗验難难協协調调賠赔償偿辦办給给歷历狀状結结檔档屬属稱称動动' +
  '護护憑凭黃黄師师現现則则況况庫库倉仓齊齐記记錄录長长層层樓楼園园買买賣卖價价錢钱麼么嗎吗隊队顧顾應应該该離离郵邮' +
  '寶宝飛飞輛辆週周帳账謝谢歡欢麗丽兩两體体韻韵豐丰極极順顺圓圆聖圣匯汇鳥鸟丟丢壞坏擱搁廳厅鄰邻裡里裏里幫帮臺台總总' +
  '報报數数導导購购產产雙双寬宽讓让帶带寫写錯错詳详細细攜携貼贴託托輸输揀拣鎖锁囑嘱資资類类續续鐘钟鄉乡鎮镇縣县擔担' +
  '壓压濕湿擠挤變变違违審审遲迟緩缓劃划條条籤签複复復复換换驛驿';
const TRAD_MAP = new Map<string, string>();
for (let i = 0; i + 1 < TRAD.length; i += 2) TRAD_MAP.set(TRAD[i]!, TRAD[i + 1]!);
const TRAD_RE = new RegExp(`[${[...TRAD_MAP.keys()].join('')}]`, 'g');
const toSimplified = (ch: string): string => TRAD_MAP.get(ch) ?? ch;

// Conditional / advisory clauses ("如有异常请联系…", "签收前请检查…", "逾期未取将退回…") describe
// what MIGHT happen, not what did: drop them up to the end of their clause.
const BOILERPLATE_RE =
  /(?:如有|如需|如遇|如对|如未|如不|如发现|如果|如您|若有|若需|若遇|若对|若未|若不|若您|倘若|签收前|签收时|验货后|温馨提示|超时未|超时将|逾期未取|逾期将|超期未|否则)[^,;。!?\n]*|\bif\b[^,.;!?\n]*|\bplease (?:contact|call)\b[^,.;!?\n]*/g;

// Where a parcel WILL go next ("已揽收，准备发往转运中心") is not where it is.
const FUTURE_ROUTE_RE = /(?:准备|即将|将要|将)(?:发往|发出|送往|运往|转运)[^,;。!?\n]*/g;

/** Lower-cased, NFKC, simplified, boilerplate removed. Exported for tests and debugging. */
export function normalizeRemark(remark: string): string {
  return normalize(remark);
}

/** normalizeRemark by its definition, step by step (what the fast path must equal). */
function normalizeByDefinition(remark: string): string {
  return foldByDefinition(remark).replace(BOILERPLATE_RE, '').replace(FUTURE_ROUTE_RE, '');
}

function foldByDefinition(remark: string): string {
  return remark.normalize('NFKC').toLowerCase().replace(TRAD_RE, toSimplified);
}

// ---------- rules ----------

// Clause-local gap: look-behinds never reach across a comma or full stop.
const G = (n: number): string => `[^,;。!?\\n]{0,${n}}`;
const rx = (src: string): RegExp => new RegExp(src);
// `alt` not preceded by `neg`. The look-behind sits AFTER the literal so V8 can scan for the
// literal first (a leading look-behind made some rules 10x slower).
const unless = (neg: string, alt: string): string => `(?:${alt})(?<!(?:${neg})(?:${alt}))`;

// Station / locker vocabulary (a parcel there waits for the recipient).
const STATION = '驿站|快递柜|智能柜|自提柜|丰巢|代收点|自提点|自提网点|暂存点|寄存点|速递易|兔喜|近邻宝|收件宝|e栈|云柜|快递超市|超市|便利店|百世邻里';

// returned: the return leg has ended with the sender.
const RETURNED = [
  rx('退签(?!失败)'),
  rx(`(?:退回|退件|退货|退还|回退)${G(12)}(?:已签收|签收人|已妥投|妥投|已送达|已取回|已提货|已收回)`),
  rx('(?:退回|退件|退货|退还)(?:已)?完成'),
  rx(`${unless(`(?:等待|待|请|需|通知)${G(4)}`, '寄件人|发件人|发货人|寄件方|发件方|发货方|原寄件人|寄方')}${G(4)}(?:签收|取回|提货|收回|领取)`),
  rx('签收人[:：]?\\s*(?:原)?(?:寄件人|发件人|发货人|寄件方|发货方)'),
  /\breturn(?:ed)? to (?:the )?(?:sender|shipper)\b[^.;]*\b(?:signed|delivered|received|completed)\b/,
  /\breturn (?:delivered|completed)\b|\b(?:signed|received) (?:for )?by (?:the )?(?:sender|shipper)\b/,
];

// returning: a return has started (a bare "已退回" usually means sent back, not arrived).
const RETURNING = [
  rx('退回|退件|退货|退还|转退|原路返回|逆向'),
  rx('返回(?:寄件|发件|发货|商家|卖家|仓库|始发|原寄|寄方)'),
  /\breturn(?:ing|ed)? to (?:the )?(?:sender|shipper|origin)\b|\breturning\b|\bbeing returned\b|\breturn (?:in progress|initiated|started)\b/,
];

// exception: a problem parcel.
const EXCEPTION = [
  rx('问题件|问题快件|疑难|滞留|超区|扣留|扣押|扣件|查扣|违禁|短少|少件|缺件|件数不符|挤压|变形|受潮|浸湿|错分|错发|分错|拒签|拒付|海关查验'),
  rx(unless('是否|有无|检查|谨防|防止|避免', '破损|损坏|受损|丢失|遗失|丢件')),
  rx(`${unless('请|可|可以|当面|有权', '拒收')}|拒绝签收|拒绝收货`),
  rx('拦截'),
  rx(unless('无|没有|如|若', '异常')),
  rx('地址(?:不详|错误|有误|不全|不存在|不清)|信息(?:不全|有误|错误)|查无此人|电话(?:号码)?(?:错误|有误)|号码(?:错误|有误)|空号'),
  rx('超出(?:派送|配送|服务|收派|投递)范围|不在(?:派送|配送|服务|收派)范围'),
  /\bexception\b|\bdamaged?\b|\blost\b|\bmissing\b|\bheld\b(?![^.;]*\b(?:for (?:pick-?up|collection)|post office|pick-?up point|awaiting collection)\b)|\bon hold\b|\bseized\b|\bconfiscated\b|\brefused\b|\brejected\b|\bundeliverable\b|\bintercept(?:ed|ion)?\b|\bsecurity check\b|\bcustoms (?:hold|inspection|detained)\b|\b(?:incorrect|wrong|insufficient|bad) address\b|\baddress (?:unknown|incomplete|problem|issue)\b/,
];

// failed_attempt: a delivery try that did not succeed.
const FAILED = [
  rx('无法联系|联系不上|联系不到|联系[^,;。]{0,4}未果|派送未果|无人接听|未接听|无人应答|无法接通|未接通|未能接通|关机|停机'),
  rx('不在家|(?:收件人|收货人|客户|本人|人)(?:暂时)?不在(?!派送|配送|服务|收派)|不方便|已下班|无人收件|无人签收'),
  rx('预约再派|再派|再次(?:派送|投递|配送|送货)|重新(?:派送|投递|配送)|改约|改期|另约|改天|改日|(?:推迟|延迟|延期|暂缓)(?:派送|投递|配送|送货)'),
  rx('(?:派送|派件|投递|配送|送货|送达)(?:不成功|未成功|失败)|未能(?:派送|投递|配送|送达|送货)|未派送成功|未妥投'),
  rx('(?:无法|未能|未)签收|签收失败|(?:无法|不能)(?:投递|派送|配送|送达)'),
  /\battempt(?:ed)?\b|\bunsuccessful (?:delivery|attempt)\b|\b(?:recipient|addressee|consignee|customer) (?:absent|unavailable)\b|\bnot (?:available|home|at home)\b|\bno one (?:was )?(?:home|available)\b|\bunable to deliver\b|\b(?:delivery|attempt) failed\b|\bfailed (?:delivery|attempt)\b|\bmissed delivery\b|\bcould not be delivered\b|\breschedul\w*|\bre-?deliver\w*|\bnotice left\b/,
];
// The parcel was left at a station/locker: whatever went wrong before, it now waits there.
const LEFT_AT_STATION = rx(`取件码|提货码|取货码|待取(?!件)|入柜|已放至|已放入|存放至|存放在|自提|${STATION}|\\blocker\\b|ready for (?:pick-?up|collection)`);

// delivered: signed for by the recipient or an agent.
const SIGN_NEG = `(?:未|无法|未能|不能|不予|没有|没|拒绝|拒|待|等待|尚未|需|需要|以便|便于|准备|请|可|方便|要求|注意|及时)${G(4)}`;
const DELIVERED = [
  rx(`${unless(SIGN_NEG, '签收')}(?!前|时|后|失败|不成功|未成功|异常|码|提醒|短信|通知)`),
  rx(unless(SIGN_NEG, '代签')),
  rx(unless(SIGN_NEG, '妥投')),
  rx(unless('未|不|没有', '(?:派送|投递|配送|送货|交付)(?:已)?(?:成功|完成)')),
  rx('已(?:成功)?送达(?=$|[,。;!]|收件人|客户|本人|您)'),
  rx('(?:他人|前台|门卫|保安|物业|同事|家人|邻居|收发室|传达室|公司|单位)代收'),
];
// Recipient collected it from a station/locker: delivered even though a station is named.
const COLLECTED = [
  // "请凭取件码到丰巢柜取出" is an instruction: the negation window reaches back a whole clause.
  rx(unless(`(?:未|尚未|没有|待|请|及时|尽快|前往|可|需|到|去)${G(12)}`, '取出|取走')),
  rx(`(?:收件人|收货人|客户|本人|顾客|用户)(?:已|已经)(?:在${G(20)})?(?:取件|领取|提货|自提|取货|取走|取出)(?!码)`),
  rx(`签收人[:：]?\\s*${G(8)}(?:取件|取出|取走)(?!码)`),
  rx('已(?:被)?(?:收件人|收货人|客户|本人)?(?:领取|自提|取走|取出)'),
  /\b(?:picked up|collected) (?:by|from) (?:the )?(?:recipient|customer|consignee|addressee|receiver)\b|\bcollected from (?:the )?(?:locker|pickup point|post office)\b/,
];
// "已出库" means collected only when a station is named (a warehouse 出库 is before shipping).
const OUTBOUND = rx(unless('未|尚未|没有|待', '出库'));
const STATION_ANY = rx(STATION);
const DELIVERED_EN =
  /\bdelivered\b(?<!(?:\bnot|n't|\bnever|\byet|\bbe|\bbeing|\bexpected|\bestimated|\bscheduled)\s+(?:(?:been|yet)\s+)?delivered)|\bsigned (?:for|by)\b|\bdelivery (?:completed|successful)\b|\bproof of delivery\b/;
// Signed by a station or locker ("签收人：菜鸟驿站", "驿站代收"): held there, not delivered.
const HELD_AT_STATION = [
  rx(`签收人[:：]?\\s*${G(12)}(?:${STATION})`),
  rx(`(?:${STATION})${G(4)}(?:代收|签收)`),
  // "已签收，请尽快领取": the signer holds it for the recipient.
  rx(`请${G(6)}(?:领取|取件|取货|提货|提取)(?!码)`),
  rx(`(?:放入|放至|存入|存放|投递至|投放至|暂存)${G(12)}(?:${STATION}|柜)`),
  /\b(?:locker|pick-?up point|parcel (?:shop|point|station)|access point|collection point|post office)\b/,
];

// awaiting_pickup: in a locker or station, waiting for the recipient.
const STATION_HERE = unless(`(?:发往|下一站|前往|送往)${G(20)}|(?:将|可|可以|会|拟)${G(6)}`, `${STATION}|代收(?!货款|款)`);
const AWAITING = [
  rx(`取件码|提货码|取货码|取件号|自提码|待取(?!件)|入柜|待(?:客户|收货人|收件人)?自提`),
  rx(STATION_HERE),
  rx(`${unless('上门|揽件', '请|前往')}${G(10)}(?<!上门|快递员|揽)(?:取件|领取|提货|取货|提取|自取|自提)`),
  rx(`等待${G(6)}自(?:取|提)|自取`),
  /\bready for (?:pick-?up|collection)\b|\bavailable for (?:pick-?up|collection)\b|\bawaiting collection\b|\blocker\b|\bpick-?up point\b|\bcollection point\b|\baccess point\b/,
];

// out_for_delivery: courier on the way to the recipient.
const OUT_FOR_DELIVERY = [
  rx('(?:派件|派送|配送|投递|送货)中|(?:派送|配送|送货|投递)途中'),
  rx(`${unless('待|等待', '正在|开始|安排|已安排')}${G(4)}(?:派件|派送|配送|投递|送货)`),
  rx('为您(?:派件|派送|配送|投递|送货)|(?:进行)?派件扫描|出仓派送|出站派送|(?:即将|马上)(?:派送|派件|配送|投递|送达|送货)'),
  rx(`(?:分配给|交给|交由)${G(8)}(?:配送员|快递员|派件员|派送员|投递员|师傅)|派件员|派送员|配送员|投递员|派件人|派送人|送货司机|送货员`),
  /\bout for delivery\b|\bout-for-delivery\b|\bon (?:the )?[\w ]{0,20}(?:vehicle|truck|van) for delivery\b|\bwith (?:the )?(?:delivery )?courier\b|\bdelivering\b|\bscheduled for delivery today\b/,
];

// in_transit: moving between facilities. Future tense ("准备发往") does not count.
const IN_TRANSIT = [
  rx(unless('准备|即将|将|待', '发出|发往')),
  rx(unless(`预计${G(8)}`, '到达|抵达|到件')),
  rx('已收入|转运|中转|分拣|分拨|集散|运输|在途|途中|下一站|装车|卸车|发车|离开|进港|出港|开拆|封发|航班|干线|经转|途经|建包|清关|待派'),
  /\bin transit\b|\btransit\b|\bdepart(?:ed|ure)\b|\barriv(?:ed|al)\b|\bsort(?:ed|ing)\b|\bprocess(?:ed|ing)\b|\bfacility\b|\bhub\b|\ben route\b|\bon the way\b|\bdispatched\b|\bforwarded\b|\bleft\b|\bcustoms\b|\bexport\b|\bimport\b|\blinehaul\b/,
];

// picked_up: collected from the sender. Negated/future forms ("待揽收", "将上门取件") are info_received.
const PU_NEG = `(?:未|尚未|没有|待|等待|等|通知|尽快|将|准备|预约|请|预计|需|安排)${G(12)}`;
const PICKED_UP = [
  rx(unless(PU_NEG, '揽收(?!员)|揽件(?!员)|收件(?!人|员|码|地址|信息|方)|收取|收寄|接收|取件(?!码|员|人|点|地址|时间|号)|提货(?!码|网点|点|人)|收货(?!人|地址|方)|开单')),
  /\bpicked up\b|\bcollected\b|\bacceptance\b|\baccepted\b|\breceived by (?:the )?(?:carrier|courier|post)\b|\bpick-?up (?:completed|scan)\b|\bposted\b/,
];

// info_received: label made, not yet collected.
// Explicitly still waiting for the courier: beats a warehouse "已发出" (checked before in_transit).
const NOT_COLLECTED_YET = rx(`待揽|未揽|尚未${G(3)}揽|等待${G(8)}(?:揽收|揽件|上门|取件|收件)|\\blabel created\\b|\\bawaiting item\\b`);
const INFO_RECEIVED = [
  rx('下单|待揽|等待揽|未揽|尚未|面单|打单|已打印|上门|通知|已接单|已受理|待取件|已生成|已收到|打包|发货|揽收|揽件'),
  /\blabel\b|\binformation received\b|\bshipment information\b|\border (?:created|placed|received|processed)\b|\bawaiting pick-?up\b|\bpre-?advice\b|\bdata received\b/,
];

// Each stage's rules compiled into one alternation: one scan per stage instead of one per rule.
const one = (rules: readonly RegExp[]): RegExp => new RegExp(rules.map((r) => r.source).join('|'));
const R = {
  returned: one(RETURNED),
  returning: one(RETURNING),
  exception: one(EXCEPTION),
  failed: one(FAILED),
  delivered: one([...DELIVERED, DELIVERED_EN]),
  collected: one(COLLECTED),
  held: one(HELD_AT_STATION),
  awaiting: one(AWAITING),
  out: one(OUT_FOR_DELIVERY),
  transit: one(IN_TRANSIT),
  pickedUp: one(PICKED_UP),
  info: one(INFO_RECEIVED),
};

/**
 * The decision itself: `has(re)` says whether `re` matches the normalised text. Shared by the
 * classifier and by its definition (tests), so the two can differ only in how they answer it.
 */
function decide(has: (re: RegExp) => boolean): Stage {
  if (has(R.returned)) return 'returned';
  if (has(R.returning)) return 'returning';
  if (has(R.exception)) return 'exception';
  if (!has(LEFT_AT_STATION) && has(R.failed)) return 'failed_attempt';
  const collected = has(R.collected) || (has(OUTBOUND) && has(STATION_ANY));
  if (collected || has(R.delivered)) return collected || !has(R.held) ? 'delivered' : 'awaiting_pickup';
  if (has(R.awaiting)) return 'awaiting_pickup';
  if (has(R.out)) return 'out_for_delivery';
  if (has(NOT_COLLECTED_YET)) return 'info_received';
  if (has(R.transit)) return 'in_transit';
  if (has(R.pickedUp)) return 'picked_up';
  if (has(R.info)) return 'info_received';
  return 'in_transit';
}

// ---------- required characters of a pattern ----------

// Characters found in many trace lines, and the most frequent English letters: a set made of
// them rules out little, so requiredChars prefers others (only speed depends on this).
const COMMON = new Set(
  [...'已件快递的在中心到发往收送派站【】市您包裹正有经人员电话货网点司公取签天单运达师傅待揽请因成下物分转等原寄出不码订号客投商完etaoinsrhldcu0123456789 '].map((c) =>
    c.charCodeAt(0),
  ),
);
const weight = (chars: Set<number>): number => {
  let w = 0;
  for (const c of chars) w += COMMON.has(c) ? 20 : 1;
  return w;
};

/**
 * A set of characters at least one of which is in every text the pattern (regex source, no
 * flags) matches; null when there is none (it may match empty text, or needs only characters
 * of open classes). Sound by construction: a literal needs itself; a class its members; a
 * sequence what any one of its mandatory parts needs (the rarest is kept); an alternation the
 * union of what its branches need; look-arounds, anchors, optional parts and open classes
 * (., \w, [^…]) need nothing. Syntax it does not know throws, so a new rule cannot slip past.
 */
function requiredChars(source: string): Set<number> | null {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`classifyRemark: cannot read ${what} at ${i} in /${source}/`);
  };
  const peek = () => source[i];

  // One escape after the backslash: a literal character, an open class (\d \w \s …) or a
  // zero-width assertion (\b \B).
  function escape(inClass: boolean): { char: number } | { open: true } | { zeroWidth: true } {
    const e = source[i++];
    if (e === undefined) return fail('a trailing backslash');
    if ('bB'.includes(e) && !inClass) return { zeroWidth: true };
    if ('dDwWsS'.includes(e)) return { open: true };
    if (e === 'n') return { char: 10 };
    if (e === 't') return { char: 9 };
    if (e === 'r') return { char: 13 };
    if (e === 'u' || e === 'x') {
      const len = e === 'u' ? 4 : 2;
      const hex = source.slice(i, i + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return fail('an escape');
      i += len;
      return { char: parseInt(hex, 16) };
    }
    if (/[0-9a-zA-Z]/.test(e)) return fail(`the escape \\${e}`);
    return { char: e.charCodeAt(0) };
  }

  function charClass(): Set<number> | null {
    // after '['
    const negated = peek() === '^';
    if (negated) i++;
    const set = new Set<number>();
    let open = false;
    while (peek() !== ']') {
      let lo: number;
      const ch = source[i++];
      if (ch === undefined) return fail('an unclosed class');
      if (ch === '\\') {
        const e = escape(true);
        if ('open' in e) {
          open = true;
          continue;
        }
        if ('zeroWidth' in e) return fail('a class escape');
        lo = e.char;
      } else lo = ch.charCodeAt(0);
      if (peek() === '-' && source[i + 1] !== ']' && source[i + 1] !== undefined) {
        i++;
        const hiCh = source[i++] as string;
        let hi: number;
        if (hiCh === '\\') {
          const e = escape(true);
          if (!('char' in e)) return fail('a class range');
          hi = e.char;
        } else hi = hiCh.charCodeAt(0);
        if (hi < lo || hi - lo > 0x400) return fail('a class range');
        for (let c = lo; c <= hi; c++) set.add(c);
      } else set.add(lo);
    }
    i++; // ']'
    return negated || open ? null : set;
  }

  // One atom: what it requires (null: nothing in particular), and whether it is zero-width.
  function atom(): { req: Set<number> | null; zeroWidth: boolean } {
    const ch = source[i++] as string;
    if (ch === '(') {
      let zeroWidth = false;
      if (peek() === '?') {
        i++;
        const k = source[i++];
        if (k === ':') zeroWidth = false;
        else if (k === '=' || k === '!') zeroWidth = true;
        else if (k === '<' && (peek() === '=' || peek() === '!')) {
          i++;
          zeroWidth = true;
        } else if (k === '<') {
          while (peek() !== '>' && peek() !== undefined) i++;
          i++;
        } else return fail('a group');
      }
      const req = alternation();
      if (source[i++] !== ')') return fail('an unclosed group');
      return zeroWidth ? { req: null, zeroWidth: true } : { req, zeroWidth: false };
    }
    if (ch === '[') return { req: charClass(), zeroWidth: false };
    if (ch === '.') return { req: null, zeroWidth: false };
    if (ch === '^' || ch === '$') return { req: null, zeroWidth: true };
    if (ch === '\\') {
      const e = escape(false);
      if ('zeroWidth' in e) return { req: null, zeroWidth: true };
      if ('open' in e) return { req: null, zeroWidth: false };
      return { req: new Set([e.char]), zeroWidth: false };
    }
    if ('*+?{'.includes(ch)) return fail('a quantifier with nothing before it');
    return { req: new Set([ch.charCodeAt(0)]), zeroWidth: false };
  }

  // Minimum repetitions of the quantifier here (consumed), 1 when there is none.
  function quantifier(): number {
    const q = peek();
    let min = 1;
    if (q === '?' || q === '*') {
      i++;
      min = 0;
    } else if (q === '+') i++;
    else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) return fail('a quantifier');
      i += m[0].length;
      min = Number(m[1]);
    } else return 1;
    if (peek() === '?') i++; // lazy
    return min;
  }

  function sequence(): Set<number> | null {
    let best: Set<number> | null = null;
    while (i < source.length && peek() !== '|' && peek() !== ')') {
      const a = atom();
      const min = quantifier();
      if (a.zeroWidth || min === 0 || a.req === null) continue;
      if (best === null || weight(a.req) < weight(best)) best = a.req;
    }
    return best;
  }

  function alternation(): Set<number> | null {
    let union: Set<number> | null = new Set();
    for (;;) {
      const s = sequence();
      if (s === null) union = null;
      else if (union !== null) for (const c of s) union.add(c);
      if (peek() !== '|') return union;
      i++;
    }
  }

  const req = alternation();
  if (i !== source.length) fail('an unmatched )');
  return req;
}

// ---------- speed (no effect on any answer) ----------
//
// Classifying ran once per stored step and cost about as much as storing it; most of the time
// went into the normalisation (NFKC, lower case, traditional → simplified: three passes and
// three new strings) and into rule scans that could not match. Two exact shortcuts:
//
// 1. One pass with a table folds the characters trace lines are made of (ASCII, full-width
//    ASCII, CJK ideographs and punctuation) as the three steps would: each of those is folded
//    alone (none combines with a neighbour under NFKC, none lower-cases by context), so folding
//    them one by one equals NFKC of the whole. Any other character sends the text down the
//    three steps themselves.
// 2. For each rule, a set of characters of which every match contains at least one is worked out
//    from the rule's own pattern when this module loads (requiredChars). The same pass notes
//    which rules' sets the text meets; a rule whose set it misses cannot match and is not run.
//    A pattern whose matches need no particular character is always run.
//
// No memo of remarks: real ones carry names, numbers and times, so they rarely repeat.

/** Every regex `decide` and the normalisation ask about, each with its bit. */
const CHECKED: readonly RegExp[] = [
  R.returned, R.returning, R.exception, LEFT_AT_STATION, R.failed, R.collected, OUTBOUND, STATION_ANY,
  R.delivered, R.held, R.awaiting, R.out, NOT_COLLECTED_YET, R.transit, R.pickedUp, R.info,
  BOILERPLATE_RE, FUTURE_ROUTE_RE,
];
const BIT = new Map<RegExp, number>(CHECKED.map((re, i) => [re, 1 << i]));
const BOILERPLATE_BIT = 1 << CHECKED.indexOf(BOILERPLATE_RE);
const FUTURE_ROUTE_BIT = 1 << CHECKED.indexOf(FUTURE_ROUTE_RE);

/** Code unit → the bits of the rules whose required characters include it. */
const NEEDS = new Int32Array(0x10000);
/** Bits of rules that need no particular character (always run). */
let ALWAYS = 0;
for (const re of CHECKED) {
  // Flags that change what a pattern matches (i, u, v, s, m, y) are not read by requiredChars.
  if (/[^gd]/.test(re.flags)) throw new Error(`classifyRemark: /${re.source}/${re.flags}: flags not supported`);
  const bit = BIT.get(re) as number;
  const chars = requiredChars(re.source);
  if (chars === null) ALWAYS |= bit;
  else for (const c of chars) NEEDS[c]! |= bit;
}

/**
 * Code unit → what NFKC, lower case and traditional → simplified make of it alone, for the
 * characters that fold alone (see above); 0 for every other one (NUL included).
 */
const FOLD = new Uint16Array(0x10000);
function foldAs(c: number, to: number) {
  FOLD[c] = TRAD_MAP.get(String.fromCharCode(to))?.charCodeAt(0) ?? to;
}
const lowerAscii = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
for (let c = 0x01; c <= 0x7f; c++) foldAs(c, lowerAscii(c));
for (let c = 0xff01; c <= 0xff5e; c++) foldAs(c, lowerAscii(c - 0xfee0)); // full-width ASCII
foldAs(0x3000, 0x20); // ideographic space
for (let c = 0x3001; c <= 0x301f; c++) foldAs(c, c); // 、。〃〈〉《》「」『』【】〒〓〔〕〖〗〘〙〚〛〜〝〞〟
for (let c = 0x3400; c <= 0x4dbf; c++) foldAs(c, c); // CJK extension A
for (let c = 0x4e00; c <= 0x9fff; c++) foldAs(c, c); // CJK unified ideographs
for (const c of [0x00b7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022]) foldAs(c, c); // ·–—‘’“”•

let scratch = new Uint16Array(256);
/** Rule bits of the text last returned by normalize(). */
let textBits = 0;

function bitsOf(t: string): number {
  let bits = ALWAYS;
  for (let i = 0; i < t.length; i++) bits |= NEEDS[t.charCodeAt(i)] as number;
  return bits;
}

/** normalizeRemark, and the rule bits of its result in textBits. */
function normalize(remark: string): string {
  const n = remark.length;
  let t: string | null = null;
  let bits = ALWAYS;
  if (n <= 4096) {
    if (scratch.length < n) scratch = new Uint16Array(n * 2);
    let same = true;
    let i = 0;
    for (; i < n; i++) {
      const c = remark.charCodeAt(i);
      const f = FOLD[c] as number;
      if (f === 0) break;
      if (f !== c) same = false;
      scratch[i] = f;
      bits |= NEEDS[f] as number;
    }
    if (i === n) t = same ? remark : String.fromCharCode.apply(null, scratch.subarray(0, n) as unknown as number[]);
  }
  if (t === null) {
    t = foldByDefinition(remark);
    bits = bitsOf(t);
  }
  if (bits & BOILERPLATE_BIT || bits & FUTURE_ROUTE_BIT) {
    const cut = t.replace(BOILERPLATE_RE, '').replace(FUTURE_ROUTE_RE, '');
    if (cut !== t) {
      t = cut;
      bits = bitsOf(t);
    }
  }
  textBits = bits;
  return t;
}

/** Stage of one trace remark. Unknown or empty text → 'in_transit' (keeps polling; never a false delivery). */
export function classifyRemark(remark: string): Stage {
  if (!remark) return 'in_transit';
  const t = normalize(remark);
  const bits = textBits;
  return decide((re) => (bits & (BIT.get(re) as number)) !== 0 && re.test(t));
}

/** The classifier by its definition: no table, no rule skipped. Tests hold classifyRemark to it. */
export const classifyRemarkByDefinition = (remark: string): Stage => {
  if (!remark) return 'in_transit';
  const t = normalizeByDefinition(remark);
  return decide((re) => re.test(t));
};

/** For tests: the per-character fold table and the required characters of each checked rule. */
export const classifierInternals = {
  foldOf: (c: number): number => FOLD[c] as number,
  foldByDefinition,
  normalizeByDefinition,
  checked: CHECKED,
  requiredChars,
};

/** Why a step got its stage: the rule that decided it, and whether the text is doubtful. */
export interface RemarkVerdict {
  stage: Stage;
  /** Stable id of the deciding rule (e.g. `delivered.recipient_signed`, `fallback.unknown`); shown as 判定依据. */
  rule: string;
  /** True when the text is not conclusive (a `delivered`/`returned` on weak or mixed cues): ask 1688's status first. */
  doubtful: boolean;
}

/** The classifier with its evidence. `classifyRemark(r)` is always `classifyRemarkWithEvidence(r).stage`. */
export function classifyRemarkWithEvidence(remark: string): RemarkVerdict {
  const stage = classifyRemark(remark);
  // Until the rules carry their own ids, the stage itself is the rule; unknown text is its own rule.
  return { stage, rule: remark ? `stage.${stage}` : 'fallback.empty', doubtful: false };
}
