// Hand-written trace lines of issue 12's seventh pass (NOT corpus): written to probe which delivered a
// clerk may trust without 1688's word (remarkDoubt.ts), each labelled BEFORE the classifier was run on
// it. The third value says whether a true delivered should be held as doubtful.
// With main's rules (1fbda48): 7 of 23 right (every delivered held, so nothing wrongly committed but 9
// strong signings each cost a re-read). After the first doubt change of this pass: 15 of 23, and 4 false
// delivered COMMITTED ("Ready to be collected by the recipient", "will be delivered to the recipient",
// "to be picked up by the recipient", "delivered to the customer's … pickup point"): those led to
// reading what is yet to happen and whose place it is. Then 19 of 23; after the fourth round's study
// lines were read ("Delivery to the addressee"), 20 of 23: the 3 left are false delivered that stay
// doubtful (held for 1688's word), never committed.
import type { Stage } from '../../../shared/domain';

export const SEVENTH_PASS_DOUBT_LINES: [string, Stage, boolean?][] = [
  ['Shipment picked up by the consignee at the service point', 'delivered', false],
  ['Item signed for by the recipient', 'delivered', false],
  ['Delivered to the addressee in person', 'delivered', false],
  ['Delivered to recipient, signed by J. SMITH', 'delivered', false],
  ['您的快件已由家人代收，感谢使用中通快递', 'delivered', false],
  ['已签收，他人代收：前台', 'delivered', false],
  ['快件已由物业代收', 'delivered', false],
  ['The consignee has collected the parcel', 'delivered', false],
  ['Collected by customer from the post office', 'delivered', false],
  ['Delivered', 'delivered', true],
  ['Delivered to agent for final delivery', 'in_transit'],
  ['Delivered to the carrier partner', 'in_transit'],
  ['Delivery attempted, not delivered to the recipient', 'failed_attempt'],
  ['Returned parcel delivered to the sender', 'returned'],
  ['Signed by the customs broker', 'in_transit'],
  ['Parcel picked up by the courier from the customer', 'picked_up'],
  ["Delivered to the customer's designated pickup point", 'awaiting_pickup'],
  ['包裹已由他人代收：菜鸟驿站', 'awaiting_pickup'],
  ['Ready to be collected by the recipient', 'awaiting_pickup'],
  ['Awaiting collection by the consignee', 'awaiting_pickup'],
  ['Available for pick up by the customer', 'awaiting_pickup'],
  ['The parcel will be delivered to the recipient tomorrow', 'in_transit'],
  ['Parcel to be picked up by the recipient at the locker', 'awaiting_pickup'],
];
