// Hand-written English trace lines of issue 12's eleventh pass, English tables (NOT corpus), each labelled
// BEFORE the classifier was run on it, in the event-table vocabularies of UPS / FedEx / DHL / USPS / Royal Mail /
// PostNL / GLS / DPD / Evri: holds, delays, damage, customs and address problems, refusals vs an attempt at the
// door; a return announced or under way vs received back by the sender; data / label vs the parcel accepted;
// on the van; at a parcel shop, access point or locker vs collected from it. Written before any miss of the
// seventh round's status tables was read; lines whose label is itself unclear were not written.
import type { Stage } from '../../../shared/domain';

export const ELEVENTH_PASS_EN_LINES: [string, Stage][] = [
  // exception: holds, delays, damage, customs, address problems, refusals.
  ['The package is being held pending clearance by the importing country', 'exception'],
  ['Shipment on hold. Awaiting payment of import duties by the receiver', 'exception'],
  ['A weather event has delayed delivery of your package', 'exception'],
  ['The consignee refused the shipment at delivery', 'exception'],
  ['Package damaged in transit; contents being evaluated', 'exception'],
  ['The street address is incorrect. We are attempting to update the address', 'exception'],
  ['Shipment held by customs: a commercial invoice is required', 'exception'],
  ['The receiver has moved and left no forwarding address', 'exception'],
  ['Your parcel has been delayed at the sorting centre', 'exception'],
  ['Package is awaiting release from the clearing agency', 'exception'],
  // failed_attempt: a visit or try at the door, or a reason at the door.
  ['We attempted to deliver your parcel but no one was available to receive it', 'failed_attempt'],
  ['Sorry we missed you. A card has been left with details', 'failed_attempt'],
  ['The driver could not access the building', 'failed_attempt'],
  ['Delivery attempted - business closed', 'failed_attempt'],
  ['Second delivery attempt unsuccessful, receiver not in', 'failed_attempt'],
  ['The recipient was not at home. A notification card was left', 'failed_attempt'],
  // returning vs returned.
  ['The package will be returned to the shipper', 'returning'],
  ['Return to sender initiated: refused by the recipient', 'returning'],
  ['The parcel is being sent back to the retailer', 'returning'],
  ['Undeliverable as addressed, returning to sender', 'returning'],
  ['The returned parcel has been received by the sender', 'returned'],
  ['Your return was delivered to the shipper', 'returned'],
  // info_received vs picked_up.
  ['Shipping label created, UPS awaiting item', 'info_received'],
  ['Electronic pre-advice received from the sender', 'info_received'],
  ['The sender has informed us of your parcel', 'info_received'],
  ['Parcel collected from the sender by our driver', 'picked_up'],
  ['The shipment has been accepted at the origin depot', 'picked_up'],
  ['Dropped off at a UPS Access Point by the shipper', 'picked_up'],
  // out_for_delivery.
  ['Loaded on delivery vehicle', 'out_for_delivery'],
  ['Your parcel is with our driver for delivery today', 'out_for_delivery'],
  ['The courier is on the way to your address', 'out_for_delivery'],
  // awaiting_pickup vs delivered.
  ['Your parcel is ready to collect from the Parcelshop', 'awaiting_pickup'],
  ['The package was delivered to a UPS Access Point location for the receiver to pick up', 'awaiting_pickup'],
  ['Parcel placed in the locker and waiting for the recipient', 'awaiting_pickup'],
  ['Held at the delivery office for collection', 'awaiting_pickup'],
  ['The parcel was collected by the recipient from the Parcelshop', 'delivered'],
  ['Delivered and signed for by the receiver', 'delivered'],
  // in_transit.
  ['The shipment has left the hub and is on its way to the delivery depot', 'in_transit'],
  ['Import customs clearance complete', 'in_transit'],
  ['Parcel transferred to the local delivery partner', 'in_transit'],
];

/**
 * Lines of the batch the rules still miss, said plainly. Before the pass 35/40; after it 39/40. Left: "awaiting release from the
 * clearing agency" was labelled a hold (exception) before it was run, but the study part labels the same wording in_transit
 * ("The package is at the clearing agency awaiting final release."), so no rule was written for it.
 */
export const ELEVENTH_PASS_EN_KNOWN_MISSES: string[] = ['Package is awaiting release from the clearing agency'];

/**
 * A second batch, written after the pass's rules and labelled BEFORE it was run, to see whether the rules read new wording
 * of the same structures. First run 26/28 (base d68eeca: 11/28, one false delivered); the two misses ("missed its scheduled
 * connection": two words between; "Collection booked") were then read by widening those two rules, so it is 28/28 now.
 */
export const ELEVENTH_PASS_EN_SECOND_LINES: [string, Stage][] = [
  ['Shipment retained by customs pending presentation of an invoice', 'exception'],
  ['Customs have requested further documents from the importer', 'exception'],
  ['Parcel missed its scheduled connection at the hub', 'exception'],
  ['Package was sorted to the wrong destination in error', 'exception'],
  ['No parcels were picked up today: nothing was ready', 'exception'],
  ['Duties and taxes are required before release', 'exception'],
  ['Delivery delay, addressee not at home', 'failed_attempt'],
  ['The recipient was not available. We will try again tomorrow', 'failed_attempt'],
  ['Delivery attempt was made, but the gate was locked', 'failed_attempt'],
  ['Attempted UPS delivery - business closed', 'failed_attempt'],
  ['The parcel will be returned to the sender', 'returning'],
  ['Parcel arrived at the return depot', 'returning'],
  ['Parcel returned, addressee unknown', 'returning'],
  ['The shipment has been delivered back to the sender', 'returned'],
  ['The carrier has returned the package to the shipper', 'returned'],
  ['Pickup order received, a driver will collect your parcel', 'info_received'],
  ['The parcel will be picked up by the carrier tomorrow', 'info_received'],
  ['Collection booked with the courier', 'info_received'],
  ['The parcel was dropped off at the Parcelshop by the sender', 'picked_up'],
  ['Parcel collected from the Locker by the driver', 'picked_up'],
  ['Courier en route with your parcel', 'out_for_delivery'],
  ['Parcel handed out to the driver for delivery', 'out_for_delivery'],
  ['Your parcel is waiting to be collected at the post office', 'awaiting_pickup'],
  ['Shipment arrived at the self pickup point', 'awaiting_pickup'],
  ['The recipient acknowledged receipt of the parcel', 'delivered'],
  ['Parcel delivered with damage to the outer box', 'delivered'],
  ['Import customs inspection completed', 'in_transit'],
  ['Parcel rerouted to another Access Point', 'in_transit'],
];

/**
 * Lines that read like a delivery or a return received but are neither (written while probing this pass's delivered and
 * returned rules): five were delivered or returned at d68eeca (the future, the sender's broker, the plan, the courier's
 * pickup, the hand-over to USPS), five by a first draft of this pass's rules (who acknowledged, where the safe place is,
 * a refusal after the delivery heading, whose signature, a receipt of a request).
 */
export const ELEVENTH_PASS_EN_NOT_DELIVERED: string[] = [
  'Customs acknowledged receipt of the documents',
  'Parcel left in a safe place at the depot',
  'Delivered with exception: recipient refused',
  'The parcel will be delivered back to the sender',
  "The package was delivered to the sender's broker",
  'Delivery to the recipient is planned for tomorrow',
  'The shipment has been picked up at the Parcelshop by the courier',
  'Shipment delivered to USPS for final delivery',
  'Signature received from the shipper for the pickup',
  'The customer has confirmed receipt of the pickup request',
];

/** Return notices that are only conditional or timed: the parcel is not on its way back (none may read returning). */
export const ELEVENTH_PASS_EN_CONDITIONAL_RETURNS: string[] = [
  'If undeliverable, the item will be returned to sender',
  'Available for pickup. If not collected within 7 days, it will be returned to the sender',
  'Awaiting collection at the post office; unclaimed items will be returned after 18 days',
  'Item held at the post office, will be returned to sender after 14 days',
];

/**
 * A third batch, written near the end of the pass and labelled BEFORE it was run: d68eeca 7/18, this pass's rules at
 * first run 15/18; the three misses (a pickup tried with nothing ready, a collection request, a driver on the way to
 * collect) were then read by widening the rules for pickups that failed or are still to come.
 */
export const ELEVENTH_PASS_EN_THIRD_LINES: [string, Stage][] = [
  ['Shipment held by customs pending payment of import VAT', 'exception'],
  ['Customs requires a copy of the commercial invoice', 'exception'],
  ['Consignment missed the linehaul departure', 'exception'],
  ['We tried to collect your parcel but nothing was ready', 'exception'],
  ['Delivery delayed, receiver not available', 'failed_attempt'],
  ['The delivery attempt was made but nobody answered the door', 'failed_attempt'],
  ['Attempted FedEx delivery - customer not available', 'failed_attempt'],
  ['Parcel arrived at the carrier return facility', 'returning'],
  ['The item will be returned to the sender', 'returning'],
  ['Return shipment delivered back to the merchant', 'returned'],
  ['Collection request received from the sender', 'info_received'],
  ['Driver on the way to collect the parcel from the sender', 'info_received'],
  ['Parcel dropped off at the post office by the sender', 'picked_up'],
  ['Parcel handed out to courier for delivery', 'out_for_delivery'],
  ['Parcel arrived at the pickup point and is waiting to be collected', 'awaiting_pickup'],
  ['The recipient has confirmed receipt of the goods', 'delivered'],
  ['Parcel rerouted to a nearby parcel shop', 'in_transit'],
  ['Export customs inspection completed, parcel released', 'in_transit'],
];

/**
 * A fourth batch in the consumer wording of Evri / DPD / PostNL / Royal Mail / GLS, written at the end of the pass and labelled
 * BEFORE it was run: d68eeca 14/20, first run 17/20; the three misses (returned to / on its way back to the retailer, "You
 * collected your parcel from the ParcelShop") were then read: a retailer or merchant is the sender, "you" the recipient
 * (not in a question or an instruction: "Have you collected …", "Once you have collected …").
 */
export const ELEVENTH_PASS_EN_FOURTH_LINES: [string, Stage][] = [
  ['We have your parcel. It is at our hub and will be with you soon', 'in_transit'],
  ['Your parcel is held at customs awaiting payment of the fee', 'exception'],
  ['Evri courier tried to deliver but nobody was home', 'failed_attempt'],
  ['Your parcel has been returned to the retailer', 'returned'],
  ['Your parcel is on its way back to the retailer', 'returning'],
  ['Your parcel is at your chosen ParcelShop ready to collect', 'awaiting_pickup'],
  ['You collected your parcel from the ParcelShop', 'delivered'],
  ['We have received your parcel details from the retailer', 'info_received'],
  ['The retailer has told us your parcel is on its way to us', 'info_received'],
  ['Our driver collected the parcel from the retailer', 'picked_up'],
  ['Your parcel is out with our driver', 'out_for_delivery'],
  ['DPD driver unable to deliver: recipient not at the address', 'failed_attempt'],
  ['Parcel could not be delivered due to an incorrect address and is being held at the depot', 'exception'],
  ['Your parcel has been damaged and will be returned to the sender', 'returning'],
  ['PostNL: parcel handed in at a PostNL point by the sender', 'picked_up'],
  ['PostNL: the parcel is waiting for you at the PostNL point', 'awaiting_pickup'],
  ['Royal Mail: item awaiting collection at the Delivery Office', 'awaiting_pickup'],
  ['Royal Mail: we tried to deliver your item, a card was left', 'failed_attempt'],
  ['GLS: the parcel was delivered to the neighbour', 'delivered'],
  ['GLS: the parcel could not be delivered as the recipient was absent', 'failed_attempt'],
];

/**
 * A fifth batch in UPS / FedEx / USPS wording, written at the end of the pass and labelled BEFORE it was run: d68eeca
 * 14/18, first run 17/18; the miss ("held at the UPS Access Point location for the receiver to pick up") was then read:
 * held for the receiver to pick up is no hold but a wait at the point.
 */
export const ELEVENTH_PASS_EN_FIFTH_LINES: [string, Stage][] = [
  ['The receiver was not available for delivery. We will make a second attempt the next business day', 'failed_attempt'],
  ['A UPS driver attempted delivery but the business was closed', 'failed_attempt'],
  ['The package is being held at the UPS Access Point location for the receiver to pick up', 'awaiting_pickup'],
  ['The receiver picked up the package at the UPS Access Point location', 'delivered'],
  ['The package will be returned to the sender because the receiver refused it', 'returning'],
  ['The package was returned to the shipper and received by them', 'returned'],
  ['Shipper created a label, UPS has not received the package yet', 'info_received'],
  ['The package has been dropped off at a UPS Access Point location by the shipper', 'picked_up'],
  ['Clearance information has been requested from the importer; the package is on hold', 'exception'],
  ['The package was missorted and will be delayed', 'exception'],
  ['International shipment release - Import', 'in_transit'],
  ['FedEx: Delivery exception - customer not available or business closed', 'failed_attempt'],
  ['FedEx: Shipment exception - package damaged', 'exception'],
  ['FedEx: At local FedEx facility, on FedEx vehicle for delivery', 'out_for_delivery'],
  ['USPS: Notice left (no authorized recipient available)', 'failed_attempt'],
  ['USPS: Available for pickup at the post office', 'awaiting_pickup'],
  ['USPS: Return to sender processed', 'returning'],
  ['USPS: Delivered, left at front door', 'delivered'],
];
