// Runs anywhere (pure). Where a parcel waits and how to collect it, read from a trace step's text:
// the pickup code (取件码 8-2-3011, 提货码 A12345, 凭 4-2-0329 取件), the station or locker
// (菜鸟驿站…, 丰巢柜…, 代收点…) and its address when the text gives one (地址：…). Carrier text is
// untrusted: this only picks substrings out of it, and the UI renders them as text.
// Labelled real phrasings, with their sources: test/unit/pickupInfo.test.ts.

export interface PickupInfo {
  /** 取件码 / 提货码 as written (8-2-3011, A-3-0921, 58231476); null when the text has none. */
  pickupCode: string | null;
  /** The station or locker's name as the text gives it; null when none is named. */
  station: string | null;
  /** Its address, when the text gives one apart from the name; null otherwise. */
  address: string | null;
  /** A locker (丰巢, 快递柜, 智能柜) or a staffed station (驿站, 代收点, 自提点, a shop). */
  kind: 'locker' | 'station' | null;
}

/** The longest station name, code or address kept (anything longer is not a name). */
const MAX_NAME = 60;
const MAX_CODE = 20;

// A pickup code: letters/digits, optionally in dash-separated groups (8-2-3011, A-3-0921), at least
// 3 characters with a digit among them.
const CODE = String.raw`[A-Za-z0-9]{1,10}(?:[-－—][A-Za-z0-9]{1,10}){0,4}`;
const CODE_AFTER_WORD = new RegExp(
  String.raw`(?:取件[码碼]|提货码|提貨碼|取货码|取件号|取件密码|提件码|开箱码|柜机密码|pickup code|code)\s*(?:为|是)?\s*[:：]?\s*[『「【\[（(“"']?\s*(${CODE})`,
  'iu',
);
// "凭4-2-0329到…取件", "凭 8-2-3006 取件": a code right after 凭 (not 凭取件码, handled above).
const CODE_AFTER_PING = new RegExp(String.raw`[凭憑]\s*[『「“"']?(${CODE})[』」”"']?\s*(?:到|至|取|领|前往|去)`, 'u');

const LOCKER = /丰巢|快递柜|智能柜|自提柜|快递箱|储物柜|速递易|格格柜|近邻宝|[^a-z]柜/u;
const STATION_WORD =
  /驿站|代收点|自提点|服务站|服务点|代办点|收发室|快递超市|兔喜|妈妈驿站|菜鸟|超市|便利店|小卖部|门店|物业|前台|传达室|网点|营业部|营业厅|合作点|[店柜箱点站]/u;

// Verbs after which the station's name follows (已到达X，已放入X，已由X代收…).
const BEFORE_NAME =
  /(?:已被|已由|已经由|已到达|已送达|已到|已放入|已放至|已存放至|已存放在|已存放于|已存入|已暂存至|已暂存在|已暂存于|已投递至|已投递到|已投放至|已投放到|已投柜至|已送至|送达|送到|放在|存放在|暂存在|到达|送至|投递至|至|到|在)\s*/gu;
const NAME_END = /[，,。；;！!？?\n]|\s取\s|代收|待取|取件|领取|提货|取货|自提|请凭|凭|请及时|请尽快|请您|等待|如有|，/u;
const CITY_ONLY = /^[\p{Script=Han}]{1,8}(?<!超|集|门)(?:市|省|区|县|自治州|地区|盟)$/u;
const DEST_NOISE = /^(?:您的|你的|包裹|快件|快递|货物|邮件)+/u;

function clean(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\ufeff]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

// A sender's tag or a brand alone (【菜鸟驿站】您的包裹已到…): a name only when the text gives no better one.
const GENERIC = /^(?:菜鸟驿站|菜鸟|丰巢|丰巢柜|丰巢智能柜|快递柜|驿站|妈妈驿站|兔喜生活|速递易)$/u;

/** Drops an opening or closing bracket left alone at either end ("【天河店" → "天河店"). */
function unbracket(name: string): string {
  let n = /^【([^【】]*)】$/u.exec(name)?.[1] ?? name;
  if (/^[【\[（(]/u.test(n) && !/[】\]）)]/u.test(n)) n = n.slice(1);
  if (/[】\]）)]$/u.test(n) && !/[【\[（(]/u.test(n)) n = n.slice(0, -1);
  return n.trim();
}

function looksLikeStation(name: string): boolean {
  return (LOCKER.test(name) || STATION_WORD.test(name)) && !CITY_ONLY.test(name);
}

function pickupCode(text: string): string | null {
  const m = CODE_AFTER_WORD.exec(text) ?? CODE_AFTER_PING.exec(text);
  const code = m?.[1]?.replace(/[－—]/gu, '-');
  if (!code || code.length < 3 || code.length > MAX_CODE || !/\d/.test(code)) return null;
  return code;
}

/**
 * The station's name: a bracketed name (【…】) that names one, else the words after a verb of
 * arrival (已到达X，已由X代收…); a brand alone (【菜鸟驿站】 as the sender's tag) only when nothing better.
 */
function stationName(text: string): string | null {
  let generic: string | null = null;
  for (const m of text.matchAll(/【([^【】]{2,80})】/gu)) {
    const name = clean(m[1] ?? '');
    if (!looksLikeStation(name)) continue;
    if (!GENERIC.test(name)) return name;
    generic ??= name;
  }
  for (const m of text.matchAll(BEFORE_NAME)) {
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const end = rest.search(NAME_END);
    const name = unbracket(clean(end >= 0 ? rest.slice(0, end) : rest).replace(DEST_NOISE, ''));
    // "已到达菜鸟驿站" names the kind but no particular station: still the best name there is.
    if (name.length >= 2 && name.length <= MAX_NAME && looksLikeStation(name)) {
      if (!GENERIC.test(name)) return name;
      generic ??= name;
    }
  }
  return generic;
}

function addressOf(text: string): string | null {
  const m = /(?:地址|地点|位置|位于)\s*(?:为|是)?\s*[:：]?\s*([^，,。；;！!\n（(]{3,80})/u.exec(text);
  const a = m?.[1] ? clean(m[1]) : '';
  return a.length >= 3 && a.length <= MAX_NAME ? a : null;
}

/** What the text says about where the parcel waits and how to collect it. */
export function parsePickupInfo(remark: string): PickupInfo {
  const text = remark.normalize('NFKC').slice(0, 1000);
  const code = pickupCode(text);
  let station = stationName(text);
  const address = addressOf(text);
  if (station && code && station.includes(code)) station = clean(station.replace(code, ''));
  if (station !== null && station.length > MAX_NAME) station = null;
  const kind = station ? (LOCKER.test(station) ? 'locker' : 'station') : LOCKER.test(text) ? 'locker' : /驿站|代收|自提/u.test(text) ? 'station' : null;
  return { pickupCode: code, station: station || null, address: address === station ? null : address, kind };
}

/** Parcels are grouped by this: one trip collects a station's parcels. */
export function stationKey(info: Pick<PickupInfo, 'station' | 'address'>): string {
  return `${(info.station ?? '').replace(/\s+/gu, '')}|${(info.address ?? '').replace(/\s+/gu, '')}`;
}
