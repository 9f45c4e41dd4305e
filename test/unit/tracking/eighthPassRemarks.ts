// Hand-written English trace lines of issue 12's eighth pass (NOT corpus), each labelled BEFORE the
// classifier was run on it: who acts in a status-table sentence (the recipient picks up vs is awaited
// to), negation and tense ("has not been sent"), and the pickup written as two words ("pick up by").
// First batch with main's rules (241bf50): 3/12.
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
  // Second batch: return legs, customs, tense and modality, who hands it in. Before its fixes 17/25; two lines
  // whose label is unclear were left out ('Shipment returned to sender': the corpus labels it returning;
  // 'will be returned to the sender': a plan, often conditional). Now 23/23.
  ['Item is being returned to the shipper', 'returning'],
  ['Return to sender: delivered to the shipper', 'returned'],
  ['Shipment is on hold at customs awaiting documents', 'exception'],
  ['Held by customs', 'exception'],
  ['Customs clearance completed', 'in_transit'],
  ['Released by customs', 'in_transit'],
  ['The package may be delayed due to weather', 'exception'],
  ['Delivery is expected tomorrow', 'in_transit'],
  ['Your parcel will be delivered today', 'out_for_delivery'],
  ['The driver could not deliver the parcel because no one was home', 'failed_attempt'],
  ['Recipient refused the delivery', 'exception'],
  ['The shipper has created a label, but the parcel has not been received yet', 'info_received'],
  ['The sender dropped off the parcel at the post office', 'picked_up'],
  ['Parcel delivered to the parcel locker, awaiting collection', 'awaiting_pickup'],
  ['Collected by the recipient from the parcel locker', 'delivered'],
  ['The parcel has been delivered to the neighbour', 'delivered'],
  ['Delivery address could not be found', 'exception'],
  ['Shipment arrived at the destination country', 'in_transit'],
  ['The parcel was handed over to the delivery partner', 'in_transit'],
  ['Awaiting recipient to pick up at the service point', 'awaiting_pickup'],
  ['Parcel not yet collected by the recipient', 'awaiting_pickup'],
  ['The recipient has collected the parcel from the pickup point', 'delivered'],
  ['Returned parcel arrived at the sorting center', 'returning'],
];
