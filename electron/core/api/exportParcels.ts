// Runs in: main process / headless Node.
// `export.file`: one row per parcel (and an events sheet in xlsx) for ERPs without a webhook.
import type { MethodOutput, ParsedInput } from '../../../shared/contract';
import type { OrderStatus, ShipmentStatus } from '../../../shared/domain';
import { orderStatusLabel, shipmentStatusLabel, type Language } from '../../../shared/labels';
import { buildParcelExport, type ExportEventRow, type ExportParcelRow } from '../erp/parcelExport';
import type { Store } from '../store';

export async function exportParcels(
  store: Store,
  q: ParsedInput<'export.file'>,
  language: Language,
): Promise<MethodOutput<'export.file'>> {
  const rows = store.queries.exportRows({
    tab: q.tab,
    from: q.from ? Date.parse(q.from) : undefined,
    to: q.to ? Date.parse(q.to) : undefined,
  });
  const parcels: ExportParcelRow[] = rows.map((r) => {
    const status = (r.status ?? r.order_status) as ShipmentStatus & OrderStatus;
    return {
      orderId: r.order_id,
      erpRef: r.erp_ref,
      seller: r.seller,
      createdAt: r.created_at,
      carrierName: r.carrier_name,
      carrierCode: r.carrier_code,
      billNo: r.bill_no,
      status,
      statusLabel: r.status ? shipmentStatusLabel(status, language) : orderStatusLabel(status, language),
      signedAt: r.delivered_at,
      lastEventAt: r.last_event_at,
      lastRemark: r.last_remark,
      account: r.account_name ? `${r.account_name}${r.account_member_id ? ` (${r.account_member_id})` : ''}` : null,
      purchaser: r.purchaser,
    };
  });
  let events: ExportEventRow[] | null = null;
  if (q.format === 'xlsx') {
    events = [];
    for (const r of rows) {
      if (r.shipment_id === null) continue;
      for (const e of store.shipments.events(r.shipment_id))
        events.push({ orderId: r.order_id, billNo: r.bill_no, at: e.occurred_at, stage: e.stage, stageLabel: shipmentStatusLabel(e.stage, language), remark: e.remark });
    }
  }
  const file = await buildParcelExport(parcels, events, { format: q.format, language });
  return { fileName: file.fileName, mimeType: file.mimeType, contentBase64: file.bytes.toString('base64'), rows: file.rows };
}
