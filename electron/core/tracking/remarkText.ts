// Trace-remark text as the rules read it (classifyRemark.ts): lower case, NFKC, simplified, status
// codes split into words, conditional boilerplate and future routes cut. Pure, no I/O.
import { TRAD_MAP, TRAD_RE, toSimplified } from './tradToSimplified';

// Conditional / advisory clauses ("如有异常请联系…", "签收前请检查…", "逾期未取将退回…",
// "超过3天未取将退回", "未取件将退回") describe
// what MIGHT happen, not what did: drop them up to the end of their clause. A concession ("虽件数有少，
// 但已交由…配送") is dropped up to its 但: what follows is what happened. An offer (stop 19: "您也可联系小哥将快件放置指定
// 代收点或快递柜", 韵达's out-for-delivery boilerplate of 2020–2022) says where the recipient may ask for it, not where it is.
// In English, "if …" to the end of its clause, and a return notice only when it is conditional or timed ("If
// undeliverable, the item will be returned …", "… will be returned to sender if not collected", "… after 14 days"):
// "Shipment will be returned to sender" alone is the return leg.
// Stop 22, from stations' pickup messages: a refusal condition or instruction ("如拒签请回电", "拒收回复…", "拒签打电话…"), a
// return after the deadline ("逾期不取退回"), what the system shows ("系统显示签收不影响取件"), a purpose ("为避免…", "以免…") and
// an offer ("找不到智能柜可查看地图", "查看签收照片或反馈异常"). Not a report: "派件员反馈异常：…", "拒收请致电…" and "逾期退回" stay.
export const BOILERPLATE_RE =
  /(?:如有|如需|如遇|如对|如未|如不|如发现|如果|如您|如拒|若拒|拒(?:收|签)(?:回复|打电话)|逾期(?:不取|不领)(?:将)?(?:退回|退还|返回)|系统显示(?:已)?签收|为(?:了)?避免|以免|找不到[^,;。!?\n]{0,8}(?:可|请)(?:查看|联系|拨打)|查看签收照片(?:或反馈异常)?|或反馈异常|若有|若需|若遇|若对|若未|若不|若您|倘若|签收前|签收时|验货后|温馨提示|超时未(?!签收)|超时将|逾期未取|逾期将|超期未|否则|超过[^,;。!?\n]{0,8}未(?:取|领|提)[^,;。!?\n]{0,3}(?:将|会|则|即)|(?:未取|未领取|未提取|不取)(?:件)?(?:将|会|则|即)|(?:您|你)?也可|可(?:以)?联系(?:快递)?(?:小哥|快递员|派件员|配送员|投递员))[^,;。!?\n]*|\b(?:if|unless)\b[^.;!?\n]*?\bwill be returned\b[^,.;!?\n]*|\bif\b[^,.;!?\n]*|\bwill be returned\b[^,.;!?\n]*?\b(?:if|unless|when|after \d|within \d|in \d)[^,.;!?\n]*|\bplease (?:contact|call)\b[^,.;!?\n]*|(?:虽然|虽)[^;。!?\n]*?但(?:是)?/g;

// Where a parcel WILL go next ("已揽收，准备发往转运中心") is not where it is, and what is predicted
// ("预计明日送达", "预计3天内妥投", "快件即将签收") has not happened: cut to the end of the clause. Not
// "已将…送达" (done) and not "即将派送" (out for delivery is the stage of a parcel about to arrive), unless
// it follows an arrival ("已到达 …公司 ;马上为您派送": the branch announces the delivery, stop 20).
export const FUTURE_ROUTE_RE =
  /(?<=(?:到达|抵达)[^。!?\n]{0,40}[,;\s])(?:马上|即将|准备|稍后|随后|很快)[^,;。!?\n]{0,4}?(?:派送|派件|配送)[^,;。!?\n]*|(?:准备|即将|将要|将)(?:发往|发出|送往|运往|转运)[^,;。!?\n]*|(?:预计|预估)[^,;。!?\n]*|(?<!已)(?:即将|将要|将于|将在|将会|将)[^,;。!?\n]{0,8}?(?:签收|妥投|送达)[^,;。!?\n]*/g;


/** normalizeRemark by its definition, step by step (what the fast path in classifyRemark.ts must equal). */
export function normalizeByDefinition(remark: string): string {
  return foldByDefinition(remark).replace(BOILERPLATE_RE, '').replace(FUTURE_ROUTE_RE, FUTURE_MARK);
}

/**
 * What a cut future clause leaves behind: no rule reads it, and the n-gram model does not name a status
 * from what is left of a prediction ("货件预计转交全家门市" → "货件⋯" is no status name).
 */
export const FUTURE_MARK = '⋯';

// Status codes written as identifiers ("OutForDelivery", "OUT_FOR_DELIVERY", "Delivered_Signed") are
// read as the words they are made of: a lower-case letter followed by a capital, and an underscore,
// separate words.
export const CODE_WORD_RE = /(?<=[a-z])(?=[A-Z])|_/g;

export function foldByDefinition(remark: string): string {
  return remark.replace(CODE_WORD_RE, ' ').normalize('NFKC').toLowerCase().replace(TRAD_RE, toSimplified);
}

/**
 * Code unit → what NFKC, lower case and traditional → simplified make of it alone, for the
 * characters that fold alone (classifyRemark.ts, "speed"); 0 for every other one (NUL included).
 */
export const FOLD = new Uint16Array(0x10000);
function foldAs(c: number, to: number) {
  FOLD[c] = TRAD_MAP.get(String.fromCharCode(to))?.charCodeAt(0) ?? to;
}
const lowerAscii = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
for (let c = 0x01; c <= 0x7f; c++) if (c !== 0x5f) foldAs(c, lowerAscii(c)); // "_" separates code words (CODE_WORD_RE)
for (let c = 0xff01; c <= 0xff5e; c++) foldAs(c, lowerAscii(c - 0xfee0)); // full-width ASCII
foldAs(0x3000, 0x20); // ideographic space
for (let c = 0x3001; c <= 0x301f; c++) foldAs(c, c); // 、。〃〈〉《》「」『』【】〒〓〔〕〖〗〘〙〚〛〜〝〞〟
for (let c = 0x3400; c <= 0x4dbf; c++) foldAs(c, c); // CJK extension A
for (let c = 0x4e00; c <= 0x9fff; c++) foldAs(c, c); // CJK unified ideographs
for (const c of [0x00b7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022]) foldAs(c, c); // ·–—‘’“”•
