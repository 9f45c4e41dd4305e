// Hand-written Chinese trace lines of issue 12's twelfth pass (NOT corpus), each labelled BEFORE the
// classifier was run on it, in the styles of carriers' internal status, operation and reason tables
// (中通 / 圆通 / 申通 / 韵达 / 京东 / 如风达 / 德邦 / 邮政): an operation name (扫描 / 交接 / 装车 / 发车 / 到车 /
// 建包 / 拆包) vs a problem (有发未到, 滞留, 超时 …); an interception or return order in a carrier's own system
// going back (returning) vs back in the warehouse (returned); a sign-failure reason heading a row; an order or
// dispatch assignment (info_received) vs on the way; a transport-mode change vs a prohibited item sent back.
import type { Stage } from '../../../shared/domain';

export const TWELFTH_PASS_LINES: [string, Stage][] = [
  // Operation names: a facility's own step, in transit.
  ['装车扫描', 'in_transit'],
  ['发车扫描', 'in_transit'],
  ['到车扫描', 'in_transit'],
  ['卸车交接', 'in_transit'],
  ['建包扫描', 'in_transit'],
  ['拆包扫描', 'in_transit'],
  ['集包扫描', 'in_transit'],
  ['分拣完成', 'in_transit'],
  ['干线已发车', 'in_transit'],
  ['航空禁运品转陆运', 'in_transit'],
  // A problem named by what is missing between two scans, or by what went wrong.
  ['有发未到件', 'exception'],
  ['有到无发', 'exception'],
  ['有到未派', 'exception'],
  ['有派未签', 'exception'],
  ['快件滞留超时', 'exception'],
  ['包裹未称重', 'exception'],
  ['未填写收件人电话', 'exception'],
  ['客户要求更改收件地址', 'exception'],
  ['寄件人申请取消寄件', 'exception'],
  // Interceptions and returns in a carrier's own system: going back vs back in the warehouse.
  ['拦截成功，快件退回', 'returning'],
  ['拦截件退回寄件人', 'returning'],
  ['逆向物流揽收', 'returning'],
  ['客户拒收，原单退回', 'returning'],
  ['返货已发出', 'returning'],
  ['违禁品退回寄件人', 'returning'],
  ['退货入库完成', 'returned'],
  ['退回件已入库', 'returned'],
  ['返货入仓', 'returned'],
  ['退仓入库', 'returned'],
  ['商家已确认收到退货', 'returned'],
  // A sign-failure reason heading a row.
  ['签收失败-收件人不在', 'failed_attempt'],
  ['签收失败：客户拒收', 'exception'],
  ['未签收原因：电话无人接听', 'failed_attempt'],
  ['派送失败-客户要求改天送', 'failed_attempt'],
  // Order and dispatch assignment states: nothing has moved yet.
  ['待分配快递员', 'info_received'],
  ['已分配揽件员', 'info_received'],
  ['待派单', 'info_received'],
  ['待接单', 'info_received'],
  ['订单已派单给快递员', 'info_received'],
  ['抢单成功', 'info_received'],
  ['待分配站点', 'info_received'],
];

// Second batch, written after the first rules to test them on wording they were not written on, labelled before it was run.
export const TWELFTH_PASS_SECOND_LINES: [string, Stage][] = [
  ['有揽未发', 'exception'],
  ['有收无发', 'exception'],
  ['有装车未卸车', 'exception'],
  ['整票未称重', 'exception'],
  ['运单未填写收件人地址', 'exception'],
  ['发件人申请取消订单', 'exception'],
  ['退回拦截', 'exception'],
  ['逆向拦截成功', 'exception'],
  ['拒收退回仓库', 'returning'],
  ['退库中', 'returning'],
  ['返货途中', 'returning'],
  ['客户拒收退库', 'returning'],
  ['违禁品退回发件人', 'returning'],
  ['返货签收', 'returned'],
  ['退换货已入仓', 'returned'],
  ['拒收件已入库', 'returned'],
  ['逆向单已完成', 'returned'],
  ['退仓完成', 'returned'],
  ['订单待分配', 'info_received'],
  ['等待抢单', 'info_received'],
  ['待进入分拨中心', 'info_received'],
  ['违禁品转铁运', 'in_transit'],
  ['航空件转陆运', 'in_transit'],
  ['取件人已领取', 'delivered'],
  ['快递员已取件，待分配', 'picked_up'],
];

// Third batch, in other wording (中通 / 申通 / 韵达 / 京东 operation and problem names), written after the second batch's rules
// and labelled before it was run.
export const TWELFTH_PASS_THIRD_LINES: [string, Stage][] = [
  ['中心有到件无发件', 'exception'],
  ['网点有发件未到件', 'exception'],
  ['快件未称重，无法发出', 'exception'],
  ['收件人信息未填写完整', 'exception'],
  ['拦截成功', 'exception'],
  ['拒收件退回网点', 'returning'],
  ['返货交接', 'returning'],
  ['退库扫描', 'returning'],
  ['逆向揽收完成', 'returning'],
  ['客户拒收，返货中', 'returning'],
  ['禁运品退回', 'returning'],
  ['拦截退回中', 'returning'],
  ['逆向物流已签收', 'returned'],
  ['退货已签收', 'returned'],
  ['商家已确认入库', 'returned'],
  ['待分配网点', 'info_received'],
  ['订单待派单', 'info_received'],
  ['有效待抢单', 'info_received'],
  ['违禁品转汽运', 'in_transit'],
  ['快件已分拣，待装车', 'in_transit'],
  ['到件扫描', 'in_transit'],
  ['中转站发车', 'in_transit'],
  ['派件员已分配', 'out_for_delivery'],
];

// Labelled before the run, and left as labelled: the study part labels an address change the recipient asked for both ways
// (收件客户要求改地址: exception; 客户要求改地址 / 客户要求更改地址, three 快宝 rows: failed_attempt), so no rule was written for it.
// 貨件已由門市寄出 passed on its branch (no rule knows it; the model of that time named nothing); the model retrained with
// round 8F (merged beside that branch) names it picked_up, a store's dispatch read as the sender handing it in. Left as a miss.
// Stop 19: the model retrained with the ninth round names nothing again: in transit, as labelled. The same retraining no
// longer names 調查處理中 (a problem, named by the model since the twelfth pass): left at the in-transit fallback.
// Stop 20: retrained with the tenth round, the model names 調查處理中 a problem again, and named 骑手已取餐，正在前往顾客地址
// (a rider on the way to the customer: out for delivery) a problem; retrained with the eleventh round, out for delivery again.
// Stop 22: retrained with the sixteenth round, the model names 骑手已取餐，正在前往顾客地址 a problem again and 订单已派单给快递员 (an
// order given to a courier, not yet collected) out for delivery; both were right with the fifteenth round's model.
// Stop 23: retrained with the seventeenth round, the model reads both right again.
export const TWELFTH_PASS_KNOWN_MISSES: string[] = ['客户要求更改收件地址'];

// Twelfth pass, Chinese tables, second wave: ERP / OMS / WMS / same-city and store-pickup status names, written in the
// wording of 菜鸟 / 京东 / 顺丰同城 / 达达 / 美团 / 7-11 / 全家 tables and labelled BEFORE the classifier was run on them. An order
// waiting for the carrier, driver or rider, or a warehouse's own step before the carrier, is info_received; a parcel at a
// pickup store waits (awaiting_pickup) until someone collects it (delivered); a store return goes back (returning) until the
// sender has it (returned).
export const TWELFTH_PASS_TABLE_LINES: [string, Stage][] = [
  // Waiting for the carrier, a driver or a rider.
  ['等待快递员上门揽件', 'info_received'],
  ['等待司机提货', 'info_received'],
  ['待骑手取货', 'info_received'],
  ['骑手待取货', 'info_received'],
  ['商家已发货，等待快递揽收', 'info_received'],
  ['仓库已出库，等待承运商取件', 'info_received'],
  ['已打包，等待物流公司揽收', 'info_received'],
  ['待司机接单', 'info_received'],
  ['訂單已成立，尚未寄件', 'info_received'],
  ['未寄件', 'info_received'],
  ['待物流收件', 'info_received'],
  ['等待配送员取货', 'info_received'],
  ['待攬收', 'info_received'],
  // A warehouse's own steps before any carrier.
  ['拣货中', 'info_received'],
  ['拣货完成', 'info_received'],
  ['已复核打包', 'info_received'],
  ['已生成出库单', 'info_received'],
  ['出库单已下发', 'info_received'],
  ['仓库已装箱', 'info_received'],
  ['等待仓库发货', 'info_received'],
  ['仓库处理中', 'info_received'],
  ['订单已审核，待拣货', 'info_received'],
  // Handed over or moving.
  ['仓库已交接承运商', 'picked_up'],
  ['骑手已取货，正在送往收件人', 'out_for_delivery'],
  // At a pickup store, waiting; collected.
  ['商品已到店，等待买家取货', 'awaiting_pickup'],
  ['包裹已配達門市', 'awaiting_pickup'],
  ['貨件已到達取件門市', 'awaiting_pickup'],
  ['已到取貨門市', 'awaiting_pickup'],
  ['包裹已抵達收件門市', 'awaiting_pickup'],
  ['已送达取件门店', 'awaiting_pickup'],
  ['買家已完成取貨', 'delivered'],
  ['收件人已於門市取貨', 'delivered'],
  ['顧客已至門市取件', 'delivered'],
  // A store return going back, and back with the sender.
  ['買家未取貨，退回寄件人', 'returning'],
  ['退貨已配達寄件門市', 'returning'],
  ['逾期未取，退回寄件門市', 'returning'],
  ['寄件人已取回退貨', 'returned'],
  ['退貨完成，賣家已取件', 'returned'],
  // A bare completion in a delivery table.
  ['配送已完成', 'delivered'],
  ['訂單已完成', 'delivered'],
];

// A second batch in the same styles, in wording the first batch did not use, written after the second wave's first rules and
// labelled BEFORE it was run.
export const TWELFTH_PASS_TABLE_SECOND_LINES: [string, Stage][] = [
  ['等待揽件员上门', 'info_received'],
  ['待司机装货', 'info_received'],
  ['等待承运商提货', 'info_received'],
  ['承运商未提货', 'info_received'],
  ['待快递公司上门取件', 'info_received'],
  ['物流公司尚未揽收', 'info_received'],
  ['骑手已接单，待取货', 'info_received'],
  ['骑士未取件', 'info_received'],
  ['等待骑手到店', 'info_received'],
  ['商家已出餐，等待骑手取餐', 'info_received'],
  ['待出库', 'info_received'],
  ['仓库拣货中', 'info_received'],
  ['仓库作业中', 'info_received'],
  ['已拣货，待打包', 'info_received'],
  ['波次拣货完成', 'info_received'],
  ['出库单已审核', 'info_received'],
  ['仓库已打包', 'info_received'],
  ['已出库，待揽收', 'info_received'],
  ['运单已创建', 'info_received'],
  ['运单信息已录入', 'info_received'],
  ['包裹已送達取貨門市', 'awaiting_pickup'],
  ['商品已送達7-11門市', 'awaiting_pickup'],
  ['已到達全家門市，請取貨', 'awaiting_pickup'],
  ['包裹已到店，请凭取货码取货', 'awaiting_pickup'],
  ['到店待取', 'awaiting_pickup'],
  ['買家已至門市取貨', 'delivered'],
  ['顧客已取件', 'delivered'],
  ['收件人已到店取貨', 'delivered'],
  ['門市取貨完成', 'delivered'],
  ['買家逾期未取，退回物流中心', 'returning'],
  ['退貨已送達寄件門市', 'returning'],
  ['賣家已取回退貨', 'returned'],
  ['退貨已由寄件人取回', 'returned'],
  ['包裹退回寄件人途中', 'returning'],
  ['骑手已送达', 'delivered'],
  ['配送完成', 'delivered'],
  ['订单已送达', 'delivered'],
  ['货物已送达', 'delivered'],
  ['骑手已取餐，正在前往顾客地址', 'out_for_delivery'],
  ['司机已提货，运输途中', 'picked_up'],
];

// A third batch, written after the second batch's rules and labelled BEFORE it was run: ERP order states (聚水潭 / 旺店通 style),
// 菜鸟 logistics states, 京东到家 / 美团 rider states, Taiwanese convenience-store and 黑貓 states.
export const TWELFTH_PASS_TABLE_THIRD_LINES: [string, Stage][] = [
  ['待审核', 'info_received'],
  ['已审核待发货', 'info_received'],
  ['发货中', 'info_received'],
  ['等待配货', 'info_received'],
  ['配货中', 'info_received'],
  ['待打印快递单', 'info_received'],
  ['已打印快递单', 'info_received'],
  ['等待揽收', 'info_received'],
  ['揽收成功', 'picked_up'],
  ['待发货', 'info_received'],
  ['待骑手接单', 'info_received'],
  ['骑手已到店', 'info_received'],
  ['骑手已到店，待取货', 'info_received'],
  ['骑手取货中', 'info_received'],
  ['骑手配送中', 'out_for_delivery'],
  ['订单已送达', 'delivered'],
  ['商家已接单', 'info_received'],
  ['商品已到店', 'awaiting_pickup'],
  ['已配達門市，待取件', 'awaiting_pickup'],
  ['包裹已到門市，請於7日內取件', 'awaiting_pickup'],
  ['消費者已取件', 'delivered'],
  ['消費者未取件，退回寄件人', 'returning'],
  ['貨件已由門市寄出', 'in_transit'],
  ['寄件門市已收件', 'picked_up'],
  ['物流中心已收貨', 'in_transit'],
  ['已到達物流中心', 'in_transit'],
  ['貨件配送中', 'out_for_delivery'],
  ['順利送達', 'delivered'],
  ['轉運中', 'in_transit'],
  ['調查處理中', 'exception'],
  ['暫置營業所保管中', 'awaiting_pickup'],
  ['等待物流商取件', 'info_received'],
  ['物流商已取件', 'picked_up'],
  ['海外仓待出库', 'info_received'],
];
