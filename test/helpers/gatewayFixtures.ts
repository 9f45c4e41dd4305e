// An order and a parcel as the gateway client returns them (schemas.ts), for store tests.
import type { OrderInfo, Parcel } from '../../electron/core/ali1688/schemas';
import type { SandboxGateway } from '../../electron/core/ali1688/sandbox/server';

export function orderInfo(id: string, over: Partial<OrderInfo> = {}): OrderInfo {
  return {
    orderId: id,
    status1688: 'waitbuyerreceive',
    createdAt: Date.UTC(2026, 10, 1),
    paidAt: Date.UTC(2026, 10, 1, 1),
    modifiedAt: Date.UTC(2026, 10, 2),
    totalFen: 12850,
    shippingFeeFen: 800,
    sellerLoginId: 'example-factory',
    sellerCompany: '义乌示例工贸有限公司',
    sellerContactName: '王某',
    buyerLoginId: 'buyer',
    products: [{ name: '示例收纳盒', quantity: 10, priceFen: 1205, productId: null, skuId: null }],
    logisticsItems: [],
    raw: { baseInfo: { id } },
    ...over,
  };
}

export function parcelInfo(over: Partial<Parcel> = {}): Parcel {
  return {
    logisticsId: 'LP00123456789012',
    billNo: '75312345678901',
    carrierCode: 'ZTO',
    carrierName: '中通快递',
    status1688: 'TRANSPORT',
    shippedAt: Date.UTC(2026, 10, 2),
    sender: { province: '浙江省', city: '金华市', county: '义乌市' },
    receiver: { province: '广东省', city: '深圳市', county: '龙华区' },
    goods: [],
    raw: {},
    ...over,
  };
}

/** The tokens `accounts.add` takes for the sandbox's buyer member k (each member has its own pair on one AppKey). */
export function sandboxMemberTokens(gw: Pick<SandboxGateway, 'credentials' | 'members'>, k: number, over: Record<string, string> = {}) {
  const member = gw.members[k];
  if (!member) throw new Error(`the sandbox has no member ${k}`);
  return {
    appKey: gw.credentials.appKey,
    appSecret: gw.credentials.appSecret,
    accessToken: member.accessToken,
    refreshToken: member.refreshToken,
    ...over,
  };
}
