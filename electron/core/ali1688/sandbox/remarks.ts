// Runs in: main process / headless Node. Carrier remark lines for sandbox journeys. Our own
// templates in the style of real carrier scans (see shared/data/trace-remarks.tsv for the style):
// 【city】 brackets, hub names, couriers with masked phones, pickup codes, boilerplate suffixes,
// the odd English or traditional-character line.

import type { Carrier, Destination, Origin } from './catalog';
import { LOCKERS, SURNAMES } from './catalog';
import { type Rng, chance, digits, int, pick } from './prng';

const HUB_EN: Record<string, string> = {
  金华: 'Jinhua', 深圳: 'Shenzhen', 广州: 'Guangzhou', 杭州: 'Hangzhou', 温州: 'Wenzhou', 汕头: 'Shantou',
  泉州: 'Quanzhou', 广州白云: 'Guangzhou Baiyun', 东莞: 'Dongguan', 南昌: 'Nanchang', 长沙: 'Changsha',
  上海: 'Shanghai', 武汉: 'Wuhan', 赣州: 'Ganzhou', 福州: 'Fuzhou',
};

/** Everything a parcel's remarks refer to. One per parcel (per waybill). */
export interface RemarkCtx {
  r: Rng;
  carrier: Carrier;
  origin: Origin;
  dest: Destination;
  bill: string;
  oOutlet: string;
  dOutlet: string;
  pickupCourier: string;
  pickupPhone: string;
  deliveryCourier: string;
  deliveryPhone: string;
  station: string;
  locker: string;
  pickupCode: string;
  /** Chance of a boilerplate suffix per line. */
  boilerplate: number;
  /** Chance of an English / traditional-character line where one exists. */
  foreign: number;
}

export function maskedPhone(r: Rng): string {
  return `1${pick(r, ['3', '5', '8'])}${digits(r, 1)}****${digits(r, 4)}`;
}

export function courierName(r: Rng): string {
  return `${pick(r, SURNAMES)}师傅`;
}

export function makeRemarkCtx(
  r: Rng,
  carrier: Carrier,
  origin: Origin,
  dest: Destination,
  bill: string,
): RemarkCtx {
  const station = pick(r, dest.stations);
  return {
    r,
    carrier,
    origin,
    dest,
    bill,
    oOutlet: pick(r, origin.outlets),
    dOutlet: pick(r, dest.outlets),
    pickupCourier: courierName(r),
    pickupPhone: maskedPhone(r),
    deliveryCourier: courierName(r),
    deliveryPhone: maskedPhone(r),
    station,
    locker: carrier.code === 'JD' ? '京东智能柜' : pick(r, LOCKERS),
    pickupCode: chance(r, 0.5) ? `${int(r, 1, 9)}-${int(r, 1, 6)}-${digits(r, 4)}` : digits(r, 8),
    boilerplate: 0.12,
    foreign: 0.04,
  };
}

export function hubName(c: RemarkCtx, hubCity: string): string {
  return `${hubCity}${c.carrier.hubWord}`;
}

function outletName(c: RemarkCtx, outlet: string): string {
  return `${outlet}${c.carrier.outletWord}`;
}

function boiler(c: RemarkCtx, line: string, extraTails: readonly string[]): string {
  if (!chance(c.r, c.boilerplate)) return line;
  const tail = pick(c.r, [
    `，如有疑问请联系${c.carrier.name}客服${c.carrier.phone}`,
    `，如有异常请联系网点客服0${pick(c.r, ['20', '755', '769', '571'])}-${digits(c.r, 4)}****`,
    `，运单号${c.bill}，详情可登录官网查询`,
    `，如有问题请拨打客服热线${c.carrier.phone}，我们将竭诚为您服务，感谢您对${c.carrier.name}的支持与信任`,
    ...extraTails,
  ]);
  return line + tail;
}

/** Picks a Chinese line, or now and then its English or traditional twin. */
function choose(c: RemarkCtx, lines: readonly string[], foreign: readonly string[] = [], extraTails: readonly string[] = []): string {
  if (foreign.length > 0 && chance(c.r, c.foreign)) return pick(c.r, foreign);
  return boiler(c, pick(c.r, lines), extraTails);
}

const TRANSIT_TAILS = ['，感谢您的耐心等待', '，快件正在加急转运中，请耐心等待'];
const DELIVERY_TAILS = ['，派件员不会以任何理由向您索要额外费用，请注意防范诈骗', '，签收前请检查外包装，如有破损请当面拒收'];

export function infoReceived(c: RemarkCtx): string {
  const o = c.origin;
  return choose(
    c,
    [
      `【${o.bracket}】商家已打印电子面单，等待${c.carrier.short}快递员揽件`,
      `您的包裹已打包完毕，等待${c.carrier.name}上门揽收`,
      `【${o.bracket}】卖家已下单，运单号${c.bill}，等待揽件员上门取件`,
      `${c.carrier.name}已接单，快递员将尽快上门取件`,
      `商家已通知快递员上门揽件，待揽收`,
    ],
    ['Shipping information received, awaiting courier pickup', '商家已列印電子面單，等待快遞員上門攬件'],
  );
}

export function stillWaitingPickup(c: RemarkCtx): string {
  return choose(c, [
    `【${c.origin.bracket}】商家已发货，包裹暂未被揽收，请耐心等待`,
    `快递员尚未上门揽件，已催促${c.carrier.short}网点尽快安排`,
    `待揽收：揽件员暂未取件，商家已再次预约`,
  ]);
}

export function pickedUp(c: RemarkCtx): string {
  const o = c.origin;
  const outlet = outletName(c, c.oOutlet);
  return choose(
    c,
    [
      `【${o.bracket}】${outlet} 已揽收`,
      `【${o.bracket}】${c.carrier.name} ${outlet} 的快递员${c.pickupCourier}（${c.pickupPhone}）已揽收`,
      `${c.carrier.name}已收取快件，收件员：${c.pickupCourier}，电话：${c.pickupPhone}`,
      `【${outlet}】已揽件，揽件员：${c.pickupCourier}`,
      `您的快件已被${c.carrier.short}快递员${c.pickupCourier}揽收，运单号${c.bill}`,
    ],
    [`Picked up by courier in ${o.en}`, `【${o.bracket}】快件已攬收，攬件員：${c.pickupCourier}`],
  );
}

export function leaveOutlet(c: RemarkCtx, toHub: string): string {
  const hub = hubName(c, toHub);
  return choose(c, [
    `【${c.origin.bracket}】快件已离开${outletName(c, c.oOutlet)}，发往${hub}`,
    `【${c.origin.bracket}】${outletName(c, c.oOutlet)} 已发出，下一站【${hub}】`,
    `快件已从【${c.oOutlet}】发出，正在发往【${hub}】`,
  ]);
}

export function arriveHub(c: RemarkCtx, hubCity: string): string {
  const hub = hubName(c, hubCity);
  return choose(
    c,
    [
      `【${hubCity.slice(0, 2)}市】快件已到达 ${hub}`,
      `快件到达【${hub}】，正在分拣`,
      `【${hub}】已收入`,
      `【${hub}】进行卸车扫描`,
      `您的快件已到达【${hub}】`,
    ],
    [`Arrived at ${HUB_EN[hubCity] ?? hubCity} sorting center`, `快件已到達【${hub}】`],
    TRANSIT_TAILS,
  );
}

export function departHub(c: RemarkCtx, hubCity: string, next: string): string {
  const hub = hubName(c, hubCity);
  return choose(
    c,
    [
      `【${hub}】已发出，下一站【${next}】`,
      `快件离开【${hub}】，已发往【${next}】`,
      `【${hub}】进行装车扫描，即将发往：${next}`,
      `快件在【${hub}】完成分拣，准备发往【${next}】`,
    ],
    [`Departed ${HUB_EN[hubCity] ?? hubCity} sorting center`, `【${hub}】已發出，下一站【${next}】`],
    TRANSIT_TAILS,
  );
}

export function nextHubLabel(c: RemarkCtx, hubCity: string): string {
  return hubName(c, hubCity);
}

export function deliveryOutletLabel(c: RemarkCtx): string {
  return outletName(c, c.dOutlet);
}

export function arriveOutlet(c: RemarkCtx): string {
  const d = c.dest;
  return choose(c, [
    `【${d.bracket}】快件已到达 ${outletName(c, c.dOutlet)}`,
    `快件已到达【${outletName(c, c.dOutlet)}】，正在安排派送`,
    `【${d.bracket}】${outletName(c, c.dOutlet)} 已收入，等待派件`,
  ]);
}

export function inTransitFiller(c: RemarkCtx): string {
  return choose(c, ['快件正在运输途中，请您耐心等待', '运输中，预计明天到达下一站', '快件已发车']);
}

export function outForDelivery(c: RemarkCtx): string {
  const d = c.dest;
  const who = c.deliveryCourier;
  return choose(
    c,
    [
      `【${d.bracket}】${outletName(c, c.dOutlet)} 的快递员 ${who}（${c.deliveryPhone}）正在派件`,
      `快件已交给${who}，正在派送途中（联系电话：${c.deliveryPhone}）`,
      `【${outletName(c, c.dOutlet)}】安排派送，派件员：${who}，电话：${c.deliveryPhone}`,
      `派送中，预计今日送达，派件员：${who} ${c.deliveryPhone}`,
      `快件正在派送途中，签收前请检查外包装，如有问题请联系${who}`,
    ],
    [`Out for delivery, courier ${who} ${c.deliveryPhone}`, `派件中，派件員：${who}，電話：${c.deliveryPhone}`],
    DELIVERY_TAILS,
  );
}

export function deliveredToDoor(c: RemarkCtx): string {
  const d = c.dest;
  const signer = pick(c.r, ['本人', '本人', '本人', '门卫', '前台', '同事', '仓库收货员', '家人']);
  return choose(
    c,
    [
      `【${d.bracket}】快件已签收，签收人：${signer}，感谢使用${c.carrier.name}，期待再次为您服务`,
      `已签收，签收人：${signer}`,
      `您的快件已由${signer}签收，如有疑问请联系派件员${c.deliveryCourier}（${c.deliveryPhone}）`,
      `【${outletName(c, c.dOutlet)}】已妥投，签收人：${signer}`,
      `快件已签收，签收人：${signer}，派件员：${c.deliveryCourier}`,
    ],
    ['Delivered, signed by recipient', '已簽收，簽收人：本人'],
  );
}

export function intoLocker(c: RemarkCtx): string {
  return choose(
    c,
    [
      `您的快件已存放至【${c.locker}】，取件码：${c.pickupCode}，请及时取件`,
      `【${c.dest.bracket}】快件已投递至${c.locker}，凭取件码${c.pickupCode}取件，超时将收取保管费`,
      `快递员${c.deliveryCourier}已将快件放入${c.locker}，取件码${c.pickupCode}`,
    ],
    [`Your parcel is in the ${c.locker === '京东智能柜' ? 'JD' : 'smart'} locker, pickup code ${c.pickupCode}`],
  );
}

export function lockerReminder(c: RemarkCtx): string {
  return choose(c, [
    `您的快件仍在【${c.locker}】中，尚未取出，取件码${c.pickupCode}，请尽快取件`,
    `快件在${c.locker}已存放超过24小时，请凭取件码${c.pickupCode}尽快取件`,
  ]);
}

export function takenFromLocker(c: RemarkCtx): string {
  return choose(c, [
    `您的快件已从${c.locker}取出，已签收`,
    `已签收，签收人：快递柜取件，如有疑问请联系${c.deliveryPhone}`,
    `快件已被取出，签收人凭取件码签收，感谢使用${c.carrier.name}`,
  ]);
}

export function atStation(c: RemarkCtx): string {
  return choose(
    c,
    [
      `【${c.dest.bracket}】快件已送达【${c.station}】，请凭取件码${c.pickupCode}及时领取`,
      `您的快件已由【${c.station}】代收，取件码${c.pickupCode}，营业时间8:30-21:00`,
      `快件已暂存至${c.station}，取件码：${c.pickupCode}，如有疑问请联系：${c.deliveryPhone}`,
    ],
    [`Parcel held at ${c.dest.en} pickup station, code ${c.pickupCode}`, `快件已由驛站代收，請憑取件碼${c.pickupCode}取件`],
  );
}

export function stationReminder(c: RemarkCtx): string {
  return choose(c, [
    `您的快件在【${c.station}】已滞留超过1天，尚未取件，请尽快领取，取件码${c.pickupCode}`,
    `温馨提示：【${c.station}】代收的快件未签收，请尽快前往取件`,
  ]);
}

export function collectedFromStation(c: RemarkCtx): string {
  return choose(c, [
    `快件已签收，收件人已在【${c.station}】取件，感谢使用${c.carrier.name}`,
    `您的快件已从【${c.station}】取出，已签收`,
    `【${c.dest.bracket}】已签收，签收人凭取件码签收`,
  ]);
}

export function failedAttempt(c: RemarkCtx): string {
  return choose(
    c,
    [
      `【${c.dest.bracket}】快件派送未成功，原因：电话无人接听，预约再派`,
      `派件员${c.deliveryCourier}联系收件人未果，将于明日再次派送`,
      '收件人不在，快件未能派送成功，已预约改日派送',
      '派送失败，原因：收件单位已下班，次日再派',
      `快件无法签收，原因：收件人电话无法接通，明天再次派送`,
    ],
    ['Delivery attempt failed - recipient unavailable, will retry', '電話無人接聽，預約再派'],
  );
}

export function transitProblem(c: RemarkCtx, hubCity: string): string {
  const hub = hubName(c, hubCity);
  return choose(c, [
    `【${hub}】快件外包装破损，已重新加固包装，继续转运`,
    `问题件：面单信息模糊，【${hub}】已登记处理`,
    `快件在【${hub}】滞留，原因：天气原因车辆延误`,
    `【${hub}】快件疑难，原因：面单破损，已补打面单`,
  ]);
}

export function problemResolved(c: RemarkCtx, hubCity: string, next: string): string {
  return departHub(c, hubCity, next);
}

export function lost(c: RemarkCtx, hubCity: string): string {
  const hub = hubName(c, hubCity);
  return choose(c, [
    `【${hub}】问题件：快件丢失，已登记异常，客服将联系寄件方处理理赔`,
    `快件在运输途中遗失，请联系寄件方处理`,
    `问题件：快件破损严重，内件短少，已在【${hub}】暂扣待处理`,
  ]);
}

export function lostFollowUp(c: RemarkCtx): string {
  return choose(c, [
    '问题件处理中，客服已联系寄件人协商理赔',
    `${c.carrier.short}客服已受理该问题件，请耐心等待处理结果`,
  ]);
}

export function refused(c: RemarkCtx): string {
  const reason = pick(c.r, ['商品与订单不符', '外包装破损', '未订购此商品', '收件人不要了']);
  return choose(c, [
    `【${c.dest.bracket}】收件人拒收，原因：${reason}`,
    `快件已被收件人拒收，拒收原因：${reason}，暂存【${outletName(c, c.dOutlet)}】`,
  ]);
}

export function returnStarted(c: RemarkCtx): string {
  return choose(
    c,
    [
      '快件已发起退回，退回原因：收件人拒收',
      `【${c.dest.bracket}】退件：快件正在退回寄件人途中`,
      '收件人拒收，快件将退回寄件人',
    ],
    ['Return to sender in progress'],
  );
}

export function returnHop(c: RemarkCtx, hubCity: string, next: string): string {
  return choose(c, [
    `退回件已从【${hubName(c, hubCity)}】发出，下一站【${next}】`,
    `退件：快件已到达【${hubName(c, hubCity)}】，正在返回寄件方`,
  ]);
}

export function returned(c: RemarkCtx): string {
  return choose(
    c,
    [
      '退回件已签收，签收人：寄件人',
      `【${c.origin.bracket}】退件已由发件人签收，退回完成`,
      '快件已退回至寄件人，退签完成',
    ],
    ['Returned to sender - signed by shipper'],
  );
}

export function waybillCancelled(c: RemarkCtx): string {
  return choose(c, ['快递订单已取消，运单号作废', `商家已取消${c.carrier.short}揽件预约，运单已撤销`]);
}

export function newWaybill(c: RemarkCtx): string {
  return choose(c, [
    `商家已更换运单，新运单号${c.bill}已生成，等待揽收`,
    `【${c.origin.bracket}】商家已重新打单，运单号${c.bill}，待揽收`,
  ]);
}

/** Hostile text for UI robustness: markup and a right-to-left override in a courier's line. */
export function hostile(c: RemarkCtx, line: string): string {
  return pick(c.r, [
    `${line} <img src=x onerror=alert(1)>`,
    `${line}，派件员：\u202E傅师王\u202C`,
    `<script>alert("1688")</script>${line}`,
    `${line}\u202E（备注：请勿转发）`,
  ]);
}

// ---- Second-witness journeys (see WITNESS_JOURNEY_KINDS in journeys.ts) ----------------------
// Phrasings the first corpus lacked: station pickups by code (waiting / collected), signings that
// FAILED, refused parcels signed back by the sender. Separate from the lines above on purpose.

export function stationCodeWaiting(c: RemarkCtx): string {
  return choose(c, [
    `【${c.dest.bracket}】您的快件已到达【${c.station}】，请凭取件码${c.pickupCode}及时取件，营业时间8:00-21:00`,
    `快件已存放至${c.station}，取件码${c.pickupCode}，请尽快领取，如有疑问请联系驿站`,
    `【代收点】您的包裹已被${c.station}代收，凭取件码${c.pickupCode}取件`,
    `您的快件已放入【${c.station}】，取件码：${c.pickupCode}，超过3天未取将退回`,
  ]);
}

export function stationCodeCollected(c: RemarkCtx): string {
  return choose(c, [
    `您的快件已由本人凭取件码${c.pickupCode}在【${c.station}】取件签收`,
    `【${c.station}】快件已被收件人凭取件码取走，感谢使用${c.carrier.name}`,
    `已取件：您已在${c.station}成功领取包裹（取件码${c.pickupCode}），期待再次为您服务`,
    `您的包裹已从${c.station}取出，签收人：本人`,
  ]);
}

export function failedSigning(c: RemarkCtx): string {
  return choose(c, [
    `快件失败签收，原因：收件人不在，快递员${c.deliveryCourier}将再次派送`,
    '签收失败：收件地址无人，已与收件人预约改日派送',
    `【${c.dest.bracket}】快件派送不成功（签收失败），原因：电话无人接听，待再次派送`,
    `您的快件签收失败，派件员：${c.deliveryCourier}（${c.deliveryPhone}），请保持电话畅通`,
  ]);
}

export function signedBackBySender(c: RemarkCtx): string {
  return choose(c, [
    `【${c.origin.bracket}】退回快件已被寄件人签收`,
    '您寄出的快件因收件人拒收已退回，寄件人已签收',
    '退件已妥投，原寄件人已签收',
    `【${c.origin.bracket}】退回件已送达寄件人，签收人：商家前台`,
  ]);
}
