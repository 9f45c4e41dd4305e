// A scripted 1688 client for one order, for tests of the REAL sync engine and its hooks: the
// order's detail, its parcels and their steps are whatever the test has set at the time of the call.
import type { Ali1688Client } from '../../electron/core/ali1688/client';
import type { OrderInfo, Parcel, ParcelTrace } from '../../electron/core/ali1688/schemas';

const H = 3600_000;

export interface ScriptedOrder {
  orderId: string;
  t0: number;
  status1688: () => string;
  parcels: () => Parcel[];
  steps: (logisticsId: string) => { at: number; remark: string }[];
  /** Called on every getLogisticsInfos (tests count them). */
  onParcelsRead?: () => void;
}

export function scriptedClient(o: ScriptedOrder): Ali1688Client {
  const info = (): OrderInfo => ({
    orderId: o.orderId,
    status1688: o.status1688(),
    createdAt: o.t0 - 24 * H,
    paidAt: o.t0 - 23 * H,
    modifiedAt: o.t0,
    totalFen: 12850,
    shippingFeeFen: 800,
    sellerLoginId: 'example-factory',
    sellerCompany: '义乌示例工贸有限公司',
    sellerContactName: null,
    buyerLoginId: 'buyer',
    products: [],
    logisticsItems: [],
    raw: null,
  });
  const stats = { calls: 0, retries: 0, refreshes: 0, errors: 0, droppedSteps: 0 };
  return {
    getOrderDetail: async () => info(),
    getLogisticsInfos: async () => {
      o.onParcelsRead?.();
      return o.parcels();
    },
    getLogisticsTraceInfo: async (): Promise<ParcelTrace[]> =>
      o.parcels().map((p) => ({ logisticsId: p.logisticsId, billNo: p.billNo, steps: [...o.steps(p.logisticsId)] })),
    getBuyerOrderList: async () => ({ orders: [], totalRecord: 0 }),
    stats: () => stats,
  } as unknown as Ali1688Client;
}
