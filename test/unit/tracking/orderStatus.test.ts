import { describe, it, expect } from 'vitest';
import type { ShipmentStatus } from '../../../shared/domain';
import { deriveOrderStatus } from '../../../electron/core/tracking/orderStatus';

const order = (status1688: string | null, shipmentStatuses: ShipmentStatus[], paid = true) =>
  deriveOrderStatus({ status1688, paid, shipmentStatuses });

describe('deriveOrderStatus', () => {
  it('cancel / terminated → cancelled, whatever the parcels say', () => {
    expect(order('cancel', ['in_transit'])).toBe('cancelled');
    expect(order('TERMINATED', [])).toBe('cancelled');
  });
  it('waitbuyerpay → awaiting_payment; unknown status and unpaid → awaiting_payment', () => {
    expect(order('waitbuyerpay', [], false)).toBe('awaiting_payment');
    expect(order(null, [], false)).toBe('awaiting_payment');
  });
  it('paid, nothing shipped → awaiting_shipment', () => {
    expect(order('waitsellersend', [])).toBe('awaiting_shipment');
    expect(order(null, [])).toBe('awaiting_shipment');
  });
  it('no parcel known yet but 1688 says shipped / signed', () => {
    expect(order('waitbuyerreceive', [])).toBe('in_transit');
    expect(order('signinsuccess', [])).toBe('delivered');
  });
  it('any parcel with a problem → exception', () => {
    for (const p of ['exception', 'failed_attempt', 'returning', 'returned'] as const) {
      expect(order('waitbuyerreceive', ['delivered', p])).toBe('exception');
    }
    expect(order('success', ['delivered', 'returned'])).toBe('exception');
  });
  it('delivered / partially_delivered / in_transit', () => {
    expect(order('waitbuyerreceive', ['delivered', 'delivered'])).toBe('delivered');
    expect(order('waitbuyerreceive', ['delivered', 'in_transit'])).toBe('partially_delivered');
    expect(order('waitbuyerreceive', ['in_transit', 'not_found'])).toBe('in_transit');
    expect(order('waitbuyerreceive', ['info_received'])).toBe('in_transit');
  });
  it('cancelled parcels are ignored', () => {
    expect(order('waitbuyerreceive', ['cancelled', 'delivered'])).toBe('delivered');
    expect(order('waitsellersend', ['cancelled'])).toBe('awaiting_shipment');
  });
  it('success / confirm_goods → completed only when every parcel is delivered', () => {
    expect(order('success', ['delivered', 'delivered'])).toBe('completed');
    expect(order('confirm_goods', ['delivered'])).toBe('completed');
    expect(order('confirm_goods_but_not_fund', ['delivered'])).toBe('completed');
    expect(order('success', [])).toBe('completed');
    expect(order('success', ['delivered', 'in_transit'])).toBe('partially_delivered');
    expect(order('confirm_goods', ['out_for_delivery'])).toBe('in_transit');
  });
});
