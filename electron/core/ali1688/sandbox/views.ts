// Runs in: main process / headless Node. The sandbox world seen through the 1688 buyer APIs at a
// world time t: TradeInfo, logistics orders and traces, shaped as 1688-open-api.md §4 describes.
// Ids go out as BigNum (bare 19-digit literals) where the real gateway writes Longs.

import { BUYER, CARRIERS, OTHER_COMPANIES, carrierDisplayName } from './catalog';
import { type BigNum, bigNum } from './bigJson';
import type { ItemPlan, OrderPlan, OrderStatus1688, ParcelPlan, World } from './world';
import { atTime, lastChangeAt } from './world';
import { formatAcceptTime, formatCompact } from './time';

function yuan(fen: number): number {
  return Math.round(fen) / 100;
}

function shippedParcels(o: OrderPlan, t: number): ParcelPlan[] {
  return o.parcels.filter((p) => p.journey.shipAt <= t);
}

function versionAt(p: ParcelPlan, t: number) {
  return atTime(p.journey.versions, t) ?? (p.journey.versions[0] as ParcelPlan['journey']['versions'][number]);
}

/** Item logisticsStatus: 1 not shipped, 2 shipped, 3 received, 4 returned, 5 partly shipped. */
function itemLogisticsStatus(o: OrderPlan, item: number, status: OrderStatus1688, t: number): number {
  const carrying = o.parcels.filter((p) => p.items.some((x) => x.item === item));
  if (carrying.length === 0) return status === 'waitbuyerpay' ? 8 : 1;
  const shipped = carrying.filter((p) => p.journey.shipAt <= t);
  if (shipped.length === 0) return 1;
  if (status === 'success') return 3;
  const returned = carrying.every((p) => p.journey.outcome === 'returned' && (p.journey.terminalAt ?? Infinity) <= t);
  if (returned) return 4;
  return shipped.length === carrying.length ? 2 : 5;
}

export function tradeInfo(world: World, o: OrderPlan, t: number, withLogisticsItems: boolean): Record<string, unknown> {
  const d = o.detail;
  if (!d) throw new Error('tradeInfo needs a full order');
  const status = world.statusAt(o, t);
  const sumFen = d.items.reduce((s, it) => s + it.priceFen * it.quantity, 0);
  const totalFen = sumFen + d.shippingFeeFen + d.discountFen;
  const shipped = shippedParcels(o, t);
  const allShipped = o.parcels.length > 0 && shipped.length === o.parcels.length;
  const successAt = o.statuses.find((s) => s.status === 'success' && s.at <= t)?.at;
  const cancelAt = o.statuses.find((s) => s.status === 'cancel' && s.at <= t)?.at;
  const paid = o.payAt !== null && o.payAt <= t;
  const dest = o.parcels[0]?.dest ?? null;
  const seller = d.seller;
  const toArea = dest ? `${dest.province} ${dest.city} ${dest.county} ${dest.address}` : '';

  const baseInfo: Record<string, unknown> = {
    id: bigNum(o.id),
    idOfStr: o.id,
    businessType: 'cn',
    tradeType: '50060',
    status,
    createTime: formatCompact(o.createAt),
    modifyTime: formatCompact(lastChangeAt(o.changes, t) ?? o.createAt),
    payTime: paid ? formatCompact(o.payAt as number) : undefined,
    allDeliveredTime: allShipped ? formatCompact(Math.max(...o.parcels.map((p) => p.journey.shipAt))) : undefined,
    completeTime: successAt !== undefined ? formatCompact(successAt) : cancelAt !== undefined ? formatCompact(cancelAt) : undefined,
    totalAmount: yuan(totalFen),
    shippingFee: yuan(d.shippingFeeFen),
    sumProductPayment: yuan(sumFen),
    discount: d.discountFen,
    refund: 0,
    currency: 'CNY',
    buyerID: String(BUYER.userId),
    buyerLoginId: BUYER.loginId,
    buyerUserId: BUYER.userId,
    sellerID: seller.memberId,
    sellerLoginId: seller.loginId,
    sellerMemberId: seller.memberId,
    sellerUserId: seller.userId,
    sellerContact: {
      name: seller.contactName,
      companyName: seller.companyName,
      imInPlatform: seller.loginId,
      mobile: seller.mobile,
      phone: seller.phone,
    },
    buyerContact: { name: BUYER.contactName, companyName: '示例采购有限公司', imInPlatform: BUYER.loginId },
    receiverInfo: dest
      ? {
          toFullName: d.receiverName,
          toMobile: d.receiverMobile,
          toArea,
          toDivisionCode: dest.countyCode,
          toPost: dest.zip,
        }
      : { toFullName: d.receiverName, toMobile: d.receiverMobile },
    buyerFeedback: d.remark || undefined,
    closeReason: cancelAt !== undefined ? (paid ? 'buyerCancel' : 'buyerNotPay') : undefined,
  };

  const productItems = d.items.map((it: ItemPlan, k: number) => ({
    name: it.name,
    productID: it.productId,
    skuID: it.skuId,
    specId: it.specId,
    quantity: it.quantity,
    unit: it.unit,
    price: yuan(it.priceFen),
    itemAmount: yuan(it.priceFen * it.quantity),
    subItemID: bigNum(it.subItemId),
    subItemIDString: it.subItemId,
    status,
    logisticsStatus: itemLogisticsStatus(o, k, status, t),
    cargoNumber: it.cargoNumber,
    skuInfos: it.skuInfos,
    productImgUrl: [`https://cbu01.alicdn.com/img/ibank/O1CN01sandbox${it.productId}.jpg`],
    productSnapshotUrl: `https://trade.1688.com/order/offer_snapshot.htm?order_entry_id=${it.subItemId}`,
    gmtCreate: formatCompact(o.createAt),
    gmtModified: formatCompact(lastChangeAt(o.changes, t) ?? o.createAt),
  }));

  const nativeLogistics: Record<string, unknown> = dest
    ? {
        address: dest.address,
        area: dest.county,
        areaCode: dest.countyCode,
        city: dest.city,
        contactPerson: d.receiverName,
        mobile: d.receiverMobile,
        province: dest.province,
        zip: dest.zip,
      }
    : {};
  if (withLogisticsItems && dest) {
    nativeLogistics.logisticsItems = shipped.map((p) => {
      const v = versionAt(p, t);
      const carrier = CARRIERS[v.carrier];
      const origin = p.origin;
      return {
        id: Number(p.logisticsId.slice(4)),
        deliveredTime: formatCompact(p.journey.shipAt),
        logisticsCode: p.logisticsId,
        type: '0',
        status: 'alreadysend',
        gmtCreate: formatCompact(p.journey.shipAt),
        gmtModified: formatCompact(v.at),
        logisticsCompanyId: carrier.id,
        logisticsCompanyNo: carrier.code,
        logisticsCompanyName: carrier.name,
        logisticsBillNo: v.billNo,
        subItemIds: [...new Set(p.items.map((x) => (d.items[x.item] as ItemPlan).subItemId))].join(','),
        fromProvince: origin.province,
        fromCity: origin.city,
        fromArea: origin.county,
        fromAddress: `${origin.county}${seller.companyName.slice(0, 6)}仓库`,
        fromMobile: seller.mobile,
        toProvince: dest.province,
        toCity: dest.city,
        toArea: dest.county,
        toAddress: dest.address,
        toMobile: d.receiverMobile,
        toPost: dest.zip,
      };
    });
  }

  const tradeTerms = [
    {
      payStatus: paid ? (cancelAt !== undefined ? '4' : '2') : '1',
      payTime: paid ? formatCompact(o.payAt as number) : undefined,
      payWay: '13',
      payWayDesc: '支付宝',
      phasAmount: yuan(totalFen),
      phase: bigNum(o.id.slice(0, 17) + '01'),
      cardPay: false,
      expressPay: false,
    },
  ];

  return { baseInfo, productItems, nativeLogistics, tradeTerms };
}

export function logisticsInfos(o: OrderPlan, t: number): Record<string, unknown>[] {
  const d = o.detail;
  if (!d) throw new Error('logisticsInfos needs a full order');
  return shippedParcels(o, t).map((p) => {
    const v = versionAt(p, t);
    const carrier = CARRIERS[v.carrier];
    const status = atTime(p.journey.statuses, t)?.status ?? 'WAITACCEPT';
    const entries = p.items.map((x) => ({ it: d.items[x.item] as ItemPlan, quantity: x.quantity }));
    return {
      logisticsId: p.logisticsId,
      logisticsBillNo: v.billNo,
      orderEntryIds: [...new Set(entries.map((e) => e.it.subItemId))].join(','),
      status,
      logisticsCompanyId: carrier.id,
      logisticsCompanyName: carrierDisplayName(carrier),
      logisticsCompanyNo: carrier.code,
      remarks: '',
      serviceFeature: '',
      gmtSystemSend: formatCompact(p.journey.shipAt),
      sendGoods: entries.map((e) => ({ goodName: e.it.name, quantity: String(e.quantity), unit: e.it.unit })),
      receiver: {
        receiverName: maskName(d.receiverName),
        receiverMobile: maskMobile(d.receiverMobile),
        receiverProvince: p.dest.province,
        receiverProvinceCode: p.dest.provinceCode,
        receiverCity: p.dest.city,
        receiverCityCode: p.dest.cityCode,
        receiverCounty: p.dest.county,
        receiverCountyCode: p.dest.countyCode,
        receiverAddress: p.dest.address,
      },
      sender: {
        senderName: maskName(d.seller.contactName),
        senderMobile: maskMobile(d.seller.mobile),
        senderProvince: p.origin.province,
        senderCity: p.origin.city,
        senderCounty: p.origin.county,
        senderAddress: `${p.origin.county}某工业区`,
      },
      logisticsOrderGoods: entries.map((e) => ({
        tradeOrderId: bigNum(o.id),
        tradeOrderItemId: bigNum(e.it.subItemId),
        description: e.it.name,
        quantity: e.quantity,
        unit: e.it.unit,
        productName: e.it.name,
      })),
    };
  });
}

function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}*`;
}

function maskMobile(m: string): string {
  return m.length === 11 ? `${m.slice(0, 3)}****${m.slice(7)}` : m;
}

export interface TraceEntry {
  logisticsId: string;
  orderId: BigNum;
  logisticsBillNo: string;
  logisticsSteps: { acceptTime: string; remark: string }[];
}

/** Traces of the order's shipped parcels that have at least one visible step. */
export function traces(o: OrderPlan, t: number, logisticsId?: string): TraceEntry[] {
  const out: TraceEntry[] = [];
  for (const p of shippedParcels(o, t)) {
    if (logisticsId && p.logisticsId !== logisticsId) continue;
    const steps = p.journey.steps.filter((s) => s.at <= t);
    if (steps.length === 0) continue;
    out.push({
      logisticsId: p.logisticsId,
      orderId: bigNum(o.id),
      logisticsBillNo: versionAt(p, t).billNo,
      logisticsSteps: steps.map((s) => ({ acceptTime: formatAcceptTime(s.at), remark: s.remark })),
    });
  }
  return out;
}

export function companyList(): Record<string, unknown>[] {
  const ours = Object.values(CARRIERS).map((c) => ({
    id: Number(c.id),
    companyName: c.name,
    companyNo: c.code,
    companyPhone: c.phone,
    supportPrint: 'Y',
    spelling: c.spelling,
  }));
  const others = OTHER_COMPANIES.map((c) => ({ ...c, id: Number(c.id), supportPrint: 'N' }));
  return [...ours, ...others];
}
