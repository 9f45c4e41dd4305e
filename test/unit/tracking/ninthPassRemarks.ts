// Hand-written English trace lines of issue 12's ninth pass, R (NOT corpus), each labelled BEFORE the
// classifier was run on it, in the vocabularies of USPS / UPS / FedEx / DHL / Royal Mail / PostNL /
// Australia Post / AfterShip / 17TRACK: who acts (sender, carrier, customs, recipient), negation, tense
// and modality, attempts vs deliveries, holds vs pickups, return legs vs their end, label created vs
// picked up, lockers and access points. Lines whose label is itself unclear were not written.
import type { Stage } from '../../../shared/domain';

export const NINTH_PASS_LINES: [string, Stage][] = [
  ['Label created, not yet in system', 'info_received'],
  ['Shipment information sent to FedEx', 'info_received'],
  ['The sender has created a label; we are waiting for the parcel', 'info_received'],
  ['Your parcel has been collected from the sender', 'picked_up'],
  ['Driver is on the way to deliver your parcel', 'out_for_delivery'],
  ['We tried to deliver your parcel but nobody was home. We will try again tomorrow', 'failed_attempt'],
  ['Delivery attempt failed: business closed', 'failed_attempt'],
  ['The customer was not available when we attempted delivery', 'failed_attempt'],
  ['Your parcel is at the parcel locker and can be collected with your PIN', 'awaiting_pickup'],
  ['Collected by the customer from the parcel locker', 'delivered'],
  ['Parcel has been delivered to the access point, awaiting collection by the recipient', 'awaiting_pickup'],
  ['Recipient collected the parcel from the access point', 'delivered'],
  ['Held at customs awaiting payment of import duties', 'exception'],
  ['Customs clearance completed', 'in_transit'],
  ['Package is being returned to the shipper: address not found', 'returning'],
  ['Returned parcel has been delivered to the sender', 'returned'],
  ['The return shipment has arrived at the origin facility', 'returning'],
  ['Your package was delivered to the front desk and signed for by the receptionist', 'delivered'],
  ['Package left in the mailbox', 'delivered'],
  ['Delivery will be attempted again on the next business day', 'failed_attempt'],
  ['Shipment departed from the sort facility', 'in_transit'],
  ['Arrived at the delivery station', 'in_transit'],
  ['Not delivered - recipient refused the parcel', 'exception'],
  ['Package will be held at the post office for 15 days', 'awaiting_pickup'],
  ['Out for delivery with a courier from the local depot', 'out_for_delivery'],
  ['Delivery scheduled for tomorrow', 'in_transit'],
  ['The sender has not yet handed over the parcel', 'info_received'],
  ['Item picked up by courier from the sender\'s address', 'picked_up'],
  ['Parcel was not collected by the recipient and is being returned', 'returning'],
  ['Package delivered to a neighbour at No. 12', 'delivered'],
  ['Parcel ready for collection at the Post Office counter', 'awaiting_pickup'],
  ['Delivery exception: package damaged in transit', 'exception'],
  ['The carrier could not pick up the shipment from the sender', 'exception'],
  ['Delivery not possible today due to weather', 'exception'],
  ['Parcel has been handed over to the local delivery partner', 'in_transit'],
  ['Pre-shipment: electronic notification received', 'info_received'],
];

/**
 * Second batch, written after the rules of the sixth round E's misses and labelled BEFORE being run: the
 * same structures in other words (who a parcel is collected from or by, data vs the parcel, under way vs
 * done, return legs, papers and charges, a pickup tried, lockers and shops).
 */
export const NINTH_PASS_SECOND_LINES: [string, Stage][] = [
  ['Parcel collected from the sender by our driver', 'picked_up'],
  ['Package was picked up by the courier from the shipper', 'picked_up'],
  ['Your parcel was collected by the recipient at the post office', 'delivered'],
  ['Item has been picked up at the parcel locker', 'delivered'],
  ['The order details have been received; your parcel has not arrived yet', 'info_received'],
  ['Parcel data transmitted to the carrier', 'info_received'],
  ['Documents received from the sender, awaiting the parcel', 'info_received'],
  ['Shipment in delivery to the recipient', 'out_for_delivery'],
  ['Your parcel is being delivered by our driver today', 'out_for_delivery'],
  ['Loaded on the delivery vehicle', 'out_for_delivery'],
  ['The parcel is out on the delivery round', 'out_for_delivery'],
  ['Parcel in the return process to the shipper', 'returning'],
  ['Arrived at the returns processing centre', 'returning'],
  ['Investigation opened: parcel not scanned for 7 days', 'exception'],
  ['Charges are due before the parcel can be released', 'exception'],
  ['Additional documents are required by customs', 'exception'],
  ['The courier attempted to pick up the parcel but the sender was not available', 'exception'],
  ['Parcel not accepted by the recipient', 'exception'],
  ['Parcel received into DPD possession at the origin depot', 'picked_up'],
  ['Handed over by the sender at the Post Office counter', 'picked_up'],
  ['The parcel was handed over to DPD', 'picked_up'],
  ['The parcel has not yet been handed over to DPD', 'info_received'],
  ['There was no free compartment in the parcel locker', 'failed_attempt'],
  ['Parcel available for collection at the ParcelShop until 12 May', 'awaiting_pickup'],
  ['The shipment has reached the parcel shop and is waiting for the recipient', 'awaiting_pickup'],
  ['Shipment will be handed over to the recipient tomorrow', 'in_transit'],
  ['Parcel registered in our system, waiting for the sender to drop it off', 'info_received'],
  ['Received at origin facility', 'picked_up'],
  ['Delivery to the consignee was not possible, nobody at home', 'failed_attempt'],
  ['Delivery to the recipient completed', 'delivered'],
  ['Parcel picked up from the customer by the driver', 'picked_up'],
];

/**
 * Third batch, labelled BEFORE being run: modality and tense (if, expected, scheduled, not yet), holds vs
 * collections, return legs vs their end, the courier vs the recipient as the one who acts.
 */
export const NINTH_PASS_THIRD_LINES: [string, Stage][] = [
  ['If you are not home, the parcel will be left at a pickup point', 'in_transit'],
  ['Expected delivery: Tuesday', 'in_transit'],
  ['Your parcel is expected to arrive at the pickup point tomorrow', 'in_transit'],
  ['Scheduled for pickup by the courier today', 'info_received'],
  ['The courier picked up your parcel from the sender this morning', 'picked_up'],
  ['Parcel held at the depot for collection by the recipient', 'awaiting_pickup'],
  ['Item held by customs pending inspection', 'exception'],
  ['Your return has been received by the merchant', 'returned'],
  ['The parcel is on its way back to the sender', 'returning'],
  ['Parcel returned to sender: refused by the recipient', 'returning'],
  ['We could not deliver your parcel because the building was locked', 'failed_attempt'],
  ['Parcel was delivered to the parcel locker at your building', 'awaiting_pickup'],
  ['The recipient has collected the parcel from the locker', 'delivered'],
  ['Parcel is waiting at the post office for the recipient to collect it', 'awaiting_pickup'],
  ['Shipment is not yet in transit: awaiting the parcel from the sender', 'info_received'],
  ['Your parcel has left the sorting centre', 'in_transit'],
  ['Parcel handed to the driver for delivery', 'out_for_delivery'],
  ['The driver has your parcel and will deliver it today', 'out_for_delivery'],
  ['Left at the front door as requested', 'delivered'],
  ['The parcel could not be left in a safe place and was taken back to the depot', 'failed_attempt'],
  ['Your parcel has not been delivered yet', 'in_transit'],
  ['Shipment picked up by the carrier; label created on 3 May', 'picked_up'],
];

/**
 * Lines of the batch the rules still miss, said plainly. A delivery stopped by the weather reads as an
 * exception here, but the probes (trace-probes.tsv) label "Delivery failed due to bad weather" a failed
 * attempt; a weather rule for one broke the other, so neither was forced. Since the model was retrained on the
 * merged study part (main 0206a86), no rule still recognises it but the model names it exception
 * (fallback.model_status_name): no line of the batch is missed now.
 */
export const NINTH_PASS_KNOWN_MISSES: string[] = [];

/**
 * A third-batch line the rules leave unknown, which the model (sure at p ≥ 0.95) named awaiting_pickup
 * from the ninth pass to the tenth. Since the eleventh pass the model names no English line that says
 * what is expected, will or has not yet happened: it stays in transit, as labelled.
 */
export const NINTH_PASS_THIRD_EXPECTED = 'Your parcel is expected to arrive at the pickup point tomorrow';
