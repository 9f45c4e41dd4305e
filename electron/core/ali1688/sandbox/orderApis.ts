// Runs in: main process / headless Node. The sandbox gateway's order and logistics APIs (the
// buyer's view): each member sees only its own orders (./members.ts), an order of another member
// answers "no permission" as 1688 does. Routed, signed and token-checked by ./server.ts.
import { asMember, ownerOf, purchaserOf, type SandboxMember } from './members';
import { json, GatewayError, type Params, type Reply } from './reply';
import { DAY, formatCompact, parseCompact } from './time';
import { companyList, logisticsInfos, tradeInfo, traces } from './views';
import { type World, lastChangeAt } from './world';

export interface ApiContext {
  params: Params;
  now: number;
  /** The member the access token belongs to. */
  member: SandboxMember;
}

export interface ApiDef {
  token: boolean;
  required: string[];
  run(ctx: ApiContext): Reply;
}

/** What the order APIs read of the gateway. */
export interface OrderApiHost {
  world: World;
  memberCount: number;
  pageSizeMax: number;
}

export function orderApis(g: OrderApiHost): Record<string, ApiDef> {
  const n = g.memberCount;
  const world = g.world;
  const orderAt = (params: Params, now: number, member: SandboxMember) => {
    const i = world.indexOf(params.orderId ?? '');
    if (i === null || world.createAt(i) > now || ownerOf(i, n) !== member.index) return null;
    return world.order(i);
  };
  const trade = (i: number, member: SandboxMember, now: number, withLogistics: boolean) =>
    asMember(tradeInfo(world, world.order(i), now, withLogistics), member, purchaserOf(i, member, n));
  const webSite = (params: Params) => {
    const w = params.webSite ?? '';
    if (w !== '1688' && w !== 'alibaba') throw new GatewayError(400, 'gw.ParamInvalid', `Invalid argument webSite: ${w}`);
  };
  const noPermission = { errorCode: 'order.nopermission.buyer', errorMessage: '该订单不属于当前买家，无权查看' };
  return {
    'system/currentTime': {
      token: false,
      required: [],
      run: ({ now }) => json(200, formatCompact(now)),
    },
    'com.alibaba.trade/alibaba.trade.getBuyerOrderList': {
      token: true,
      required: [],
      run: ({ params, now, member }) => orderList(g, params, now, member),
    },
    'com.alibaba.trade/alibaba.trade.get.buyerView': {
      token: true,
      required: ['webSite', 'orderId'],
      run: ({ params, now, member }) => {
        webSite(params);
        const o = orderAt(params, now, member);
        if (!o) return json(200, { success: 'false', ...noPermission }, noPermission.errorCode);
        return json(200, { result: trade(world.indexOf(params.orderId ?? '') as number, member, now, true), success: 'true' });
      },
    },
    'com.alibaba.logistics/alibaba.trade.getLogisticsInfos.buyerView': {
      token: true,
      required: ['orderId', 'webSite'],
      run: ({ params, now, member }) => {
        webSite(params);
        const o = orderAt(params, now, member);
        if (!o) return json(200, { success: false, ...noPermission }, noPermission.errorCode);
        const result = logisticsInfos(o, now);
        if (result.length === 0) {
          return json(200, { success: false, errorCode: '500_2', errorMessage: '该订单未发货' }, '500_2');
        }
        return json(200, { success: true, result });
      },
    },
    'com.alibaba.logistics/alibaba.trade.getLogisticsTraceInfo.buyerView': {
      token: true,
      required: ['orderId', 'webSite'],
      run: ({ params, now, member }) => {
        webSite(params);
        const o = orderAt(params, now, member);
        if (!o) return json(200, { success: false, ...noPermission }, noPermission.errorCode);
        if (now - o.createAt > 365 * DAY) {
          return json(200, { success: false, errorCode: 'order.createtime.history', errorMessage: '不支持查询创建时间超过一年的订单' }, 'order.createtime.history');
        }
        const list = traces(o, now, params.logisticsId || undefined);
        if (list.length === 0) {
          return json(200, { success: false, errorCode: '404', errorMessage: '没有物流跟踪信息' }, '404');
        }
        return json(200, { success: true, logisticsTrace: list });
      },
    },
    'com.alibaba.logistics/alibaba.logistics.OpQueryLogisticCompanyList': {
      token: true,
      required: [],
      run: () => json(200, { success: true, result: companyList() }),
    },
    'com.alibaba.logistics/alibaba.logistics.OpQueryLogisticCompanyList.offline': {
      token: true,
      required: [],
      run: () => json(200, { success: true, result: companyList() }),
    },
  };
}

function orderList(g: OrderApiHost, params: Params, now: number, member: SandboxMember): Reply {
  const intParam = (name: string, dflt: number) => {
    const raw = params[name];
    if (raw === undefined || raw === '') return dflt;
    if (!/^\d+$/.test(raw)) throw new GatewayError(400, 'gw.ParamInvalid', `Invalid argument ${name}: ${raw}`);
    return Number(raw);
  };
  const timeParam = (name: string): number | null => {
    const raw = params[name];
    if (raw === undefined || raw === '') return null;
    const t = parseCompact(raw);
    if (t === null) throw new GatewayError(400, 'gw.ParamInvalid', `Invalid argument ${name}: ${raw}`);
    return t;
  };
  const page = Math.max(1, intParam('page', 1));
  const pageSize = Math.min(g.pageSizeMax, Math.max(1, intParam('pageSize', 20)));
  const statusFilter = params.orderStatus
    ? new Set(params.orderStatus.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    : null;
  const createStart = timeParam('createStartTime');
  const createEnd = timeParam('createEndTime');
  const modifyStart = timeParam('modifyStartTime');
  const modifyEnd = timeParam('modifyEndTime');

  const w = g.world;
  const matches: number[] = [];
  for (const i of w.byCreatedDesc()) {
    const createAt = w.createAt(i);
    if (createAt > now) continue;
    if (ownerOf(i, g.memberCount) !== member.index) continue;
    if (createStart !== null && createAt < createStart) continue;
    if (createEnd !== null && createAt > createEnd) continue;
    if (statusFilter || modifyStart !== null || modifyEnd !== null) {
      const s = w.summary(i);
      if (statusFilter && !statusFilter.has(w.statusAt(s, now))) continue;
      const modifiedAt = lastChangeAt(s.changes, now) ?? createAt;
      if (modifyStart !== null && modifiedAt < modifyStart) continue;
      if (modifyEnd !== null && modifiedAt > modifyEnd) continue;
    }
    matches.push(i);
  }
  const from = (page - 1) * pageSize;
  const result = matches.slice(from, from + pageSize).map((i) => asMember(tradeInfo(w, w.order(i), now, false), member, purchaserOf(i, member, g.memberCount)));
  return json(200, { result, totalRecord: matches.length, success: true });
}
