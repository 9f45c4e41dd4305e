// Hand-written English trace lines of issue 12's twelfth pass, English tables (NOT corpus), each labelled BEFORE the
// classifier was run on it, in the status vocabularies of UPS / FedEx / DHL / USPS / Royal Mail / Evri / DPD / Amazon /
// Shopify / AfterShip / EasyPost / Shippo: a pickup from the sender booked, moved or not yet done vs the parcel taken;
// an order made or handled at the merchant's warehouse vs a parcel moving; late vs moving; a return that cannot go on
// vs one under way vs one received back; with the driver today; waiting for the recipient to pick it up vs picked up;
// a delivery completed or received by the recipient. Written after the eighth round's misses were read, before any
// rule of this pass.
import type { Stage } from '../../../shared/domain';

export const TWELFTH_PASS_EN_LINES: [string, Stage][] = [
  // info_received: the pickup from the sender booked, moved or still to come; the order made or handled by the merchant.
  ['A pickup for your shipment has been scheduled with UPS', 'info_received'],
  ['Your collection has been rescheduled for tomorrow', 'info_received'],
  ['Pickup rescheduled by the carrier', 'info_received'],
  ['The carrier has been notified, but the package has not yet been scanned', 'info_received'],
  ['Label printed; the shipment has not yet been picked up by DHL', 'info_received'],
  ['FedEx has received the shipment information but not the package', 'info_received'],
  ['The order has been processed at the seller warehouse', 'info_received'],
  ['Order is being fulfilled by the merchant', 'info_received'],
  ['A new shipment was created in EasyPost', 'info_received'],
  ['The shipment has been created but no courier has been assigned yet', 'info_received'],
  ['The parcel is ready to be collected by the courier from the sender', 'info_received'],
  ['Awaiting handover to Evri', 'info_received'],
  ['Pre-transit: the shipping label has been purchased', 'info_received'],
  // exception: late, entry refused, payment needed, a return that cannot be finished.
  ['Your package is running late and is behind schedule', 'exception'],
  ['The shipment is taking longer than expected', 'exception'],
  ['The parcel was denied entry by customs', 'exception'],
  ['The package needs import duties paid before it can be released', 'exception'],
  ['The returned parcel could not be delivered back to the sender', 'exception'],
  ['Return shipment lost in transit', 'exception'],
  ['Pickup failed: the shipper was not present', 'exception'],
  // out_for_delivery: with the driver today.
  ['Your parcel is with a driver and will be delivered today', 'out_for_delivery'],
  ['Your parcel is at the local depot and will be delivered by the end of the day', 'out_for_delivery'],
  ['Your shipment is with our driver for delivery', 'out_for_delivery'],
  // awaiting_pickup vs delivered at a point.
  ['Awaiting pickup by the recipient at the Post Office', 'awaiting_pickup'],
  ['Parcel awaits collection by the addressee', 'awaiting_pickup'],
  ['The shipment is expecting a collection by the customer at the DPD Pickup shop', 'awaiting_pickup'],
  ['The recipient collected the parcel from the Evri ParcelShop', 'delivered'],
  // delivered: completed, received by the recipient.
  ['Completed delivery to the recipient', 'delivered'],
  ['The recipient has received the package', 'delivered'],
  ['Delivery completed, signed by J SMITH', 'delivered'],
  // returned vs returning.
  ['The sender has received the returned parcel', 'returned'],
  ['Return shipment delivered back to the merchant warehouse', 'returned'],
  ['The parcel is on its way back to the sender', 'returning'],
  ['Returning to shipper: refused by the recipient', 'returning'],
  ['The package has returned to the sender\'s country', 'returning'],
  // in_transit / picked_up: moving, taken.
  ['The package has left the carrier facility', 'in_transit'],
  ['Arrived at the DHL hub in Leipzig', 'in_transit'],
  ['Shipment picked up from the shipper by FedEx', 'picked_up'],
  ['Dropped off at a USPS location by the shipper', 'picked_up'],
  ['Customs clearance completed, released for import', 'in_transit'],
];

// A second batch, written after this pass's rules and labelled before it was run: the same distinctions in other
// carriers' and platforms' words (Shopify fulfilment events, AfterShip / EasyPost / Shippo statuses, Royal Mail,
// Evri, DPD, UPS, FedEx, USPS, Amazon).
export const TWELFTH_PASS_EN_SECOND_LINES: [string, Stage][] = [
  ['Collection booked with DPD for tomorrow', 'info_received'],
  ['Your Evri collection has been arranged', 'info_received'],
  ['The shipment has not yet been handed to the carrier', 'info_received'],
  ['Label purchased, the carrier has yet to receive the parcel', 'info_received'],
  ['Fulfilment in progress: the merchant is processing your order', 'info_received'],
  ['Shipment created in Shippo', 'info_received'],
  ['Only the shipping label has been created so far', 'info_received'],
  ['The delivery is running late due to high volumes', 'exception'],
  ['Your parcel is behind schedule', 'exception'],
  ['The package was denied entry at the border', 'exception'],
  ['The return could not be delivered back to the merchant', 'exception'],
  ['Your item is with the driver and will be delivered later today', 'out_for_delivery'],
  ['Awaits collection by the recipient at the Evri ParcelShop', 'awaiting_pickup'],
  ['Waiting for a pickup by the customer at the Amazon Locker', 'awaiting_pickup'],
  ['The recipient has received the parcel', 'delivered'],
  ['Completed delivery at the front door', 'delivered'],
  ['The merchant has received the returned item', 'returned'],
  ['The returned package was delivered back to the seller', 'returned'],
  ['Return to sender in progress', 'returning'],
  ['The recipient was not at home; the shipment is held until the next working day', 'failed_attempt'],
  ['Shipment picked up by the UPS driver', 'picked_up'],
  ['Departed from the FedEx hub in Memphis', 'in_transit'],
];

// Lines that must be neither delivered nor returned: a pickup by the recipient awaited or expected, a receipt still to
// come, a collection window that lapsed, a return that could not be finished.
export const TWELFTH_PASS_EN_NOT_DELIVERED: string[] = [
  'Awaits pickup by the addressee',
  'The parcel is expecting a pickup by the recipient at the service point',
  'Once the recipient has received the parcel, the status will change',
  'The item was not collected by the recipient and will be returned',
  'The return could not be delivered back to the sender',
  'Shipment created; the carrier has not yet received it',
];

// A third batch, written after the second and labelled before it was run (15 / 18 right when first run: "We are
// expecting to receive your item", "pre_transit" and "The seller has received your return" were missed).
export const TWELFTH_PASS_EN_THIRD_LINES: [string, Stage][] = [
  ['Royal Mail: We are expecting to receive your item soon', 'info_received'],
  ['Evri: The retailer is preparing your parcel; we have not got it yet', 'info_received'],
  ['DPD: Your collection request has been received and a driver will call', 'info_received'],
  ['Shopify: Fulfillment created, awaiting carrier pickup', 'info_received'],
  ['AfterShip: Pending - the carrier has not yet scanned the shipment', 'info_received'],
  ['EasyPost: pre_transit', 'info_received'],
  ['FedEx: Shipment information sent to FedEx, pickup scheduled', 'info_received'],
  ['UPS: The package is running later than expected', 'exception'],
  ['USPS: Your item is delayed and will arrive late', 'exception'],
  ['DHL: Shipment denied entry by the destination customs authority', 'exception'],
  ['Amazon: Return could not be completed; the package is lost', 'exception'],
  ['Evri: Your parcel is with our courier and will be with you today', 'out_for_delivery'],
  ['DPD: Your parcel is awaiting collection by you at the DPD Pickup shop', 'awaiting_pickup'],
  ['Royal Mail: Your item was collected from the Customer Service Point', 'delivered'],
  ['UPS: The receiver has received the shipment', 'delivered'],
  ['Amazon: The seller has received your return', 'returned'],
  ['FedEx: Return to shipper in progress', 'returning'],
  ['USPS: Pickup rescheduled at the request of the sender', 'info_received'],
];

// Second wave of the twelfth English pass (rounds 8D / 8E / 8G / 8H: carriers' own tables and recorded traces), written and
// labelled BEFORE any rule of the wave, in UPS / FedEx / DHL / USPS / Royal Mail / Evri / DPD / Amazon / Shopify / AfterShip /
// EasyPost / Shippo wording: a pickup assigned or a driver matched (info_received) vs the parcel taken from the sender
// (picked_up) vs accepted at a facility further on (in_transit); released, out-scanned or handed to a driver for delivery;
// a return delivered out to the seller vs back with the merchant; a signing scan, a named receiver or a hand-over to the
// customer vs a hold at a chosen point; a reason at the door under an "Exception" heading.
export const TWELFTH_PASS_EN_FOURTH_LINES: [string, Stage][] = [
  // info_received: a pickup assigned, a driver matched, the item announced but not yet with the carrier.
  ['Shipment assigned for pickup', 'info_received'],
  ['Rider assigned for pickup', 'info_received'],
  ['Pickup assigned to a driver', 'info_received'],
  ['Matched with a driver for pickup', 'info_received'],
  ['The sender has told us the item is coming, but we have not received it yet', 'info_received'],
  ['Shippo: pre_transit - label purchased, awaiting carrier scan', 'info_received'],
  // picked_up: taken from the sender, or handed in by the sender.
  ['The parcel has been taken from the sender', 'picked_up'],
  ['Package received from the sender at the origin post office', 'picked_up'],
  ['Your parcel was collected by a DPD driver from the sender', 'picked_up'],
  ['Parcel handed in by the sender at a Post Office', 'picked_up'],
  // in_transit: accepted at a facility further down the line, not from the sender.
  ['Accepted at the destination sorting center', 'in_transit'],
  ['Shipment has been accepted at the delivery depot', 'in_transit'],
  ['Accepted at the inward office of exchange', 'in_transit'],
  ['Received at the destination hub', 'in_transit'],
  // out_for_delivery: released, out-scanned, or given to the driver for the last leg.
  ['Released for delivery', 'out_for_delivery'],
  ['Shipment released for delivery from the local depot', 'out_for_delivery'],
  ['Shipment out-scanned for delivery', 'out_for_delivery'],
  ['The local facility has dispatched the parcel to a driver for final delivery', 'out_for_delivery'],
  ['The driver has your package and is expected to reach you shortly', 'out_for_delivery'],
  // returning vs returned: delivered out to the seller is the return leg's last mile; back with the merchant is done.
  ['Out for delivery to the seller', 'returning'],
  ['Return shipment out for delivery to the shipper', 'returning'],
  ['Returned to merchant', 'returned'],
  ['Returned to business', 'returned'],
  ['The seller has received the RTO shipment', 'returned'],
  // delivered: a signing scan, a named receiver, given to the customer, collected from a retail point.
  ['Signing scan completed', 'delivered'],
  ['Received by MARIA SANTOS on 12/03/2024', 'delivered'],
  ['Package given to the recipient', 'delivered'],
  ['Shipment collected at the DHL retail point', 'delivered'],
  ['Collected from retail store', 'delivered'],
  // awaiting_pickup: held where the recipient asked, or the recipient told it has arrived.
  ['The package is being held at the UPS Access Point location as requested', 'awaiting_pickup'],
  ['Notified the recipient of arrival at the collection point', 'awaiting_pickup'],
  ['Recipient informed of arrival', 'awaiting_pickup'],
  // failed_attempt: a reason at the door, under an exception heading.
  ['Exception - No answer at the door', 'failed_attempt'],
  ['Undeliverable: no access to the building', 'failed_attempt'],
  // exception: customs keeping it, papers awaited, the carrier holding it for instructions.
  ['Shipment in customs retention', 'exception'],
  ['Awaiting export documents from the shipper', 'exception'],
  ['UPS is holding the package pending instructions from the shipper', 'exception'],
  // and the ones that must stay: moving, collected by the recipient, out for delivery.
  ['Departed from the origin facility', 'in_transit'],
  ['Out for delivery today', 'out_for_delivery'],
  ['Picked up by the customer at the parcel locker', 'delivered'],
];

// The second wave's second batch, written after its rules and labelled BEFORE it was run: the same structures in other
// carriers' words (a problem the carrier already acted on, an address that may be wrong, reasons at the door under a
// problem heading, a pickup assigned or a driver matched, a hand-over to the next carrier, a parcel taken from the sender).
export const TWELFTH_PASS_EN_FIFTH_LINES: [string, Stage][] = [
  ['Missorted parcel redirected to the correct depot', 'in_transit'],
  ['Customer has moved; item forwarded to the new address', 'in_transit'],
  ['Your package could not be delivered as addressed', 'exception'],
  ['The delivery address might be incomplete', 'exception'],
  ['Item sent to the mail recovery centre for disposal', 'exception'],
  ['Exception: dog on premises', 'failed_attempt'],
  ['Delivery exception - customer not at home', 'failed_attempt'],
  ['Not delivered: access code missing', 'failed_attempt'],
  ['Held at the customer\'s request', 'failed_attempt'],
  ['Courier assigned for pickup', 'info_received'],
  ['Looking for a driver to match with your order', 'info_received'],
  ['Accepted by the destination postal service', 'in_transit'],
  ['Collected at the airport cargo terminal', 'in_transit'],
  ['Your parcel was collected from the sender by our driver', 'picked_up'],
  ['Shipment released for delivery', 'out_for_delivery'],
  ['Your driver has the parcel and will be with you shortly', 'out_for_delivery'],
  ['Out for delivery back to the sender', 'returning'],
  ['The item was returned to the sender', 'returned'],
  ['Parcel picked up by agent at the parcel shop', 'delivered'],
  ['Your item is in your mailbox', 'delivered'],
  ['Recipient notified of arrival; collect within 7 days', 'awaiting_pickup'],
  ['Pickup point changed at the request of the recipient', 'in_transit'],
];
// What the wave's rules still miss of that batch, said plainly: a point changed is left to the model, which names it awaiting_pickup.
export const TWELFTH_PASS_EN_FIFTH_KNOWN_MISSES: string[] = ['Pickup point changed at the request of the recipient'];
// Lines near the second wave's new delivered cues that are NOT deliveries: a carrier named after "Received by", a card left in the
// mailbox, customer service, a signing scan that failed, a hand-over to come. Written before they were run: two read
// delivered (doubtful) — "Received by Royal Mail …" (this wave's rule) and "A delivery notice was left in your mailbox" (an older one).
export const TWELFTH_PASS_EN_SECOND_WAVE_NOT_DELIVERED: string[] = [
  'Received by Royal Mail on 12/03/2024',
  'Received by Evri Hub Team on 02/05/2025',
  'A delivery notice was left in your mailbox',
  'Card left in your mailbox: we will try again tomorrow',
  'Given to customer service for investigation',
  'Signing scan failed',
  'Shipment will be given to the recipient tomorrow',
];
