// What each rule of the trace-remark classifier (classifyRemark.ts) means, for the clerk: the UI
// shows it as 判定依据 beside a status. Ids are stable (stored with a parcel's evidence); a rule
// that changes meaning gets a new id. `classifyRemark.test.ts` checks every rule has an entry.

export interface RuleDescription {
  zh: string;
  en: string;
}

export const RULE_DESCRIPTIONS: Readonly<Record<string, RuleDescription>> = {
  'returned.return_signed': { zh: '退回件已签收 / 退签', en: 'The returned parcel was signed for' },
  'returned.sender_received': { zh: '寄件人已签收或取回退件', en: 'The sender received the returned parcel' },
  'returned.back_with_sender': { zh: '快件已退回寄件人 / 原寄件门店', en: 'The parcel is back with the sender' },
  'returned.english': { zh: '英文：退件已送达寄件人', en: 'English: returned to and received by the sender' },

  'returning.sent_back': { zh: '快件退回中（退回 / 退件 / 原路返回）', en: 'The parcel is on its way back to the sender' },
  'returning.english': { zh: '英文：退回寄件人途中', en: 'English: returning to the sender' },

  'delivered.signed_after_problem': { zh: '此前异常，但最终已正常签收', en: 'A problem earlier, but finally signed for' },

  'exception.problem_parcel': { zh: '问题件 / 疑难 / 滞留 / 扣留 / 错分', en: 'Problem parcel (held up, detained, mis-sorted)' },
  'exception.damaged_or_lost': { zh: '破损 / 丢失 / 销毁', en: 'Damaged, lost or destroyed' },
  'exception.refused': { zh: '收件人拒收 / 拒签', en: 'The recipient refused the parcel' },
  'exception.intercepted': { zh: '快件被拦截', en: 'The parcel was intercepted' },
  'exception.abnormal': { zh: '承运商报告异常', en: 'The carrier reports an exception' },
  'exception.bad_address': { zh: '地址或电话有误', en: 'Wrong or incomplete address or phone' },
  'exception.out_of_area': { zh: '超出派送范围', en: 'Outside the delivery area' },
  'exception.pickup_failed': { zh: '揽收失败', en: 'The carrier failed to pick the parcel up' },
  'exception.overdue': { zh: '超时未签收 / 长时间未更新', en: 'Overdue: not signed for or not updated for a long time' },
  'exception.delayed': { zh: '运输受阻 / 延误（留仓、错过班车、天气、不可抗力）', en: 'Held up on the way (kept at a depot, missed line-haul, weather, force majeure)' },
  'exception.bad_parcel': { zh: '包裹或资料有问题（空包、禁运、不一致、金额有误）', en: 'Something is wrong with the parcel or its data (empty, prohibited, mismatched, wrong amount)' },
  'exception.return_parcel_problem': { zh: '退件本身异常（协寻 / 丢失 / 破损）', en: 'The return parcel itself is in trouble (searched for, lost, damaged)' },
  'exception.cancelled': { zh: '订单 / 寄件已取消', en: 'The order or shipment was cancelled' },
  'exception.english': { zh: '英文：异常 / 扣留 / 拒收', en: 'English: exception, held, refused' },

  'failed_attempt.signing_failed': { zh: '签收失败 / 失败签收 / 未签收', en: 'Signing failed or did not happen' },
  'failed_attempt.unreachable': { zh: '联系不上收件人（无人接听 / 关机）', en: 'The recipient could not be reached' },
  'failed_attempt.not_home': { zh: '收件人不在 / 不方便收件', en: 'The recipient was not available' },
  'failed_attempt.rescheduled': { zh: '改约 / 再次派送', en: 'Delivery rescheduled or to be retried' },
  'failed_attempt.delivery_failed': { zh: '派送不成功 / 无法投递', en: 'The delivery attempt failed' },
  'failed_attempt.retrieved_by_courier': { zh: '快递员已从快递柜 / 驿站取回快件', en: 'The courier took the parcel back out of the locker or station' },
  'delivered.handed_to_recipient': { zh: '已当面交给收件人，或收件人已签字', en: 'Handed to the recipient in person, or signed for in writing' },
  'picked_up.courier_took': { zh: '快递员 / 骑手已从寄件方取走快件（揽收，非收件人取件）', en: "A carrier's courier or rider took the parcel from the sender (a pickup, not the recipient's collection)" },
  'in_transit.facility_signed': { zh: '承运方的仓库 / 中心 / 航空公司签收或接收（转运途中，非收件人签收）', en: "A carrier's warehouse, hub or airline signed for it (handed on in transit, not delivered)" },
  'failed_attempt.locker_unusable': { zh: '快递柜 / 驿站无法使用、打不开或找不到', en: 'The locker or station could not be used, opened or found' },
  'failed_attempt.english': { zh: '英文：投递未成功', en: 'English: delivery attempt failed' },

  'delivered.collected_from_station': { zh: '收件人已从驿站 / 快递柜取件', en: 'The recipient collected it from a station or locker' },
  'delivered.collector_took': { zh: '取件人已取走 / 已取货（未写明取件人，存疑）', en: 'Whoever came to collect has taken it (nobody named: doubtful)' },
  'delivered.station_outbound': { zh: '驿站已出库（收件人取走）', en: 'The station released it to the recipient' },
  'delivered.recipient_signed': { zh: '已签收（本人或指定签收人）', en: 'Signed for by the recipient' },
  'delivered.agent_signed': { zh: '他人代收 / 代签（前台、门卫、家人等）', en: 'Signed for by an agent (front desk, guard, family…)' },
  'delivered.proper_delivery': { zh: '已妥投 / 投递成功', en: 'Delivered (妥投)' },
  'delivered.left_at_door': { zh: '按要求放在门口 / 门卫 / 前台', en: 'Left at the door, guard or front desk' },
  'delivered.delivery_completed': { zh: '派送成功 / 已送达', en: 'Delivery completed' },
  'delivered.english': { zh: '英文：已送达 / 已签收', en: 'English: delivered, signed for' },

  'awaiting_pickup.held_by_station': { zh: '驿站 / 快递柜代收，等待取件', en: 'Held by a station or locker for the recipient' },
  'awaiting_pickup.pickup_code': { zh: '凭取件码取件', en: 'Waiting with a pickup code' },
  'awaiting_pickup.at_station': { zh: '已到驿站 / 快递柜 / 自提点', en: 'At a station, locker or pickup point' },
  'awaiting_pickup.collect_instruction': { zh: '请前往领取 / 自提', en: 'The recipient is asked to collect it' },
  'awaiting_pickup.english': { zh: '英文：待自提', en: 'English: ready for pickup' },

  'out_for_delivery.delivering': { zh: '派送中 / 正在派件', en: 'Out for delivery' },
  'out_for_delivery.courier_assigned': { zh: '已交派件员派送', en: 'Handed to the delivering courier' },
  'out_for_delivery.english': { zh: '英文：派送中', en: 'English: out for delivery' },

  'info_received.not_collected_yet': { zh: '待揽收 / 等待快递员、司机或骑手取货', en: 'Waiting for the carrier, a driver or a rider to collect it' },
  'info_received.order_processing': { zh: '已下单 / 打单 / 仓库处理中', en: 'Order or label made, warehouse processing' },
  'info_received.warehouse_outbound': { zh: '商家仓库处理中或已出库（承运商尚未扫描）', en: 'The seller\'s warehouse is handling or released the order (no carrier scan yet)' },
  'info_received.english': { zh: '英文：面单已生成', en: 'English: label created, information received' },

  'in_transit.facility_scan': { zh: '网点 / 分拨中心处理（到达、发出、分拣）', en: 'Handled at a facility (arrived, departed, sorted)' },
  'in_transit.english': { zh: '英文：运输中', en: 'English: in transit' },

  'picked_up.collected': { zh: '已揽收 / 已收件', en: 'Collected by the carrier' },
  'picked_up.english': { zh: '英文：已揽收', en: 'English: picked up' },

  'fallback.unknown': { zh: '无法识别，按运输中处理（继续查询）', en: 'Not recognised: treated as in transit (keeps polling)' },
  'fallback.model_status_name': { zh: '无规则匹配的状态说明（中文不超过32字，或英文），由统计模型读整句后判定（不会判为签收或已退回）', en: 'A status line no rule knows (Chinese of up to 32 characters, or English), named by the statistical model reading the whole line (never delivered or returned)' },
  'model.overruled': { zh: '规则只读到一个词，统计模型读整句后几乎确定（把握≥99.5%）应为此阶段（不会判为签收或已退回）', en: 'A rule read one phrase; the statistical model, reading the whole line, is all but certain (p ≥ 99.5%) of this stage (never delivered or returned)' },
  'fallback.empty': { zh: '轨迹为空，按运输中处理', en: 'Empty remark: treated as in transit' },
};
