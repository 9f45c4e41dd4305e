// Hand-written English trace lines of issue 12's eighth pass (NOT corpus), each labelled BEFORE the
// classifier was run on it: who acts in a status-table sentence (the recipient picks up vs is awaited
// to), negation and tense ("has not been sent"), and the pickup written as two words ("pick up by").
import type { Stage } from '../../../shared/domain';

export const EIGHTH_PASS_LINES: [string, Stage][] = [
  ['Consignee pick up parcel at the station', 'delivered'],
  ['Parcel pick up by consignee', 'delivered'],
  ['Receiver picks up the shipment at the service point', 'delivered'],
  ['Customer picked up the parcel at the pickup point', 'delivered'],
  ['Waiting for consignee pick up at the station', 'awaiting_pickup'],
  ['Ready for pick up by the recipient at the post office', 'awaiting_pickup'],
  ['Consignee did not pick up the parcel at the station', 'awaiting_pickup'],
  ['Recipient failed to pick up the parcel', 'awaiting_pickup'],
  ['The parcel has not been sent yet', 'info_received'],
  ['Order has not been shipped', 'info_received'],
  ['Shipment has not yet been dispatched by the seller', 'info_received'],
  ['Parcel to be picked up by the consignee at the locker', 'awaiting_pickup'],
];
