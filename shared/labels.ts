// Clerk-facing names of statuses and stages, Chinese first. Shared by the UI, the CLI and exports.
import type { OrderStatus, ShipmentStatus } from './domain';

export type Language = 'zh-CN' | 'en';

const SHIPMENT: Record<ShipmentStatus, [string, string]> = {
  info_received: ['已下单', 'Label created'],
  picked_up: ['已揽收', 'Picked up'],
  in_transit: ['运输中', 'In transit'],
  out_for_delivery: ['派送中', 'Out for delivery'],
  awaiting_pickup: ['待取件', 'Awaiting pickup'],
  delivered: ['已签收', 'Delivered'],
  failed_attempt: ['派送失败', 'Delivery failed'],
  exception: ['异常', 'Exception'],
  returning: ['退回中', 'Returning'],
  returned: ['已退回', 'Returned'],
  not_found: ['暂无轨迹', 'No tracking yet'],
  cancelled: ['已取消', 'Cancelled'],
};

const ORDER: Record<OrderStatus, [string, string]> = {
  awaiting_payment: ['待付款', 'Awaiting payment'],
  awaiting_shipment: ['待发货', 'Awaiting shipment'],
  in_transit: ['运输中', 'In transit'],
  partially_delivered: ['部分签收', 'Partly delivered'],
  delivered: ['已签收', 'Delivered'],
  exception: ['异常', 'Exception'],
  completed: ['已完成', 'Completed'],
  cancelled: ['已取消', 'Cancelled'],
};

export function shipmentStatusLabel(s: ShipmentStatus, lang: Language = 'zh-CN'): string {
  const pair = SHIPMENT[s];
  return pair ? pair[lang === 'en' ? 1 : 0] : s;
}

export function orderStatusLabel(s: OrderStatus, lang: Language = 'zh-CN'): string {
  const pair = ORDER[s];
  return pair ? pair[lang === 'en' ? 1 : 0] : s;
}
