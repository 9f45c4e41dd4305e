import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_TEMPLATES,
  PARAM_NAMES,
  PayloadError,
  SAMPLE_PAYLOADS,
  SQL_DIALECTS,
  SQL_EVENT_TYPES,
  TemplateError,
  bindingsFromPayload,
  previewSql,
} from '../../../electron/core/erp/sqlWriteback';

const tpl = 'UPDATE purchase_order SET received_at = :deliveredAt, logistics_no = :billNo, note = :remark WHERE po_no = :erpRef';

describe('previewSql (Settings dry run)', () => {
  it('shows the statement exactly as the driver receives it and each bound value beside it', () => {
    const p = previewSql({ dialect: 'postgres', templates: { 'shipment.delivered': tpl } }, 'shipment.delivered');
    const s = SAMPLE_PAYLOADS['shipment.delivered'];
    expect(p).toEqual({
      eventType: 'shipment.delivered',
      dialect: 'postgres',
      text: 'UPDATE purchase_order SET received_at = $1, logistics_no = $2, note = $3 WHERE po_no = $4',
      params: [
        { position: 1, placeholder: '$1', name: 'deliveredAt', value: s.shipment?.deliveredAt, kind: 'time' },
        { position: 2, placeholder: '$2', name: 'billNo', value: '78912345678901234567', kind: 'text' },
        { position: 3, placeholder: '$3', name: 'remark', value: s.event?.remark, kind: 'text' },
        { position: 4, placeholder: '$4', name: 'erpRef', value: 'PO-2025-11-0042', kind: 'text' },
      ],
    });
  });

  it('per dialect: ?, repeated per use in MySQL; @pN in SQL Server', () => {
    const t = 'UPDATE po SET a = :billNo, b = :billNo WHERE p = :erpRef';
    const my = previewSql({ dialect: 'mysql', templates: { 'shipment.delivered': t } }, 'shipment.delivered');
    expect(my?.text).toBe('UPDATE po SET a = ?, b = ? WHERE p = ?');
    expect(my?.params.map((x) => [x.placeholder, x.name])).toEqual([
      ['?', 'billNo'],
      ['?', 'billNo'],
      ['?', 'erpRef'],
    ]);
    const ms = previewSql({ dialect: 'mssql', templates: { 'shipment.delivered': t } }, 'shipment.delivered');
    expect(ms?.text).toBe('UPDATE po SET a = @p1, b = @p1 WHERE p = @p2');
    expect(ms?.params.map((x) => [x.placeholder, x.name])).toEqual([
      ['@p1', 'billNo'],
      ['@p2', 'erpRef'],
    ]);
  });

  it('works for every example template and sample payload, in every dialect', () => {
    for (const dialect of SQL_DIALECTS) {
      for (const type of SQL_EVENT_TYPES) {
        const p = previewSql({ dialect, templates: EXAMPLE_TEMPLATES[dialect] }, type);
        expect(p?.text).not.toMatch(/(^|[^:]):[A-Za-z]/);
        for (const param of p?.params ?? []) expect(PARAM_NAMES).toContain(param.name);
      }
    }
  });

  it('order-level events bind the parcel’s fields as NULL', () => {
    const p = previewSql(
      { dialect: 'postgres', templates: { 'order.delivered': 'SELECT :orderId, :billNo, :deliveredAt, :remark, :seller' } },
      'order.delivered',
    );
    expect(p?.params.map((x) => x.value)).toEqual(['3712490012345678901', null, null, null, '义乌市小商品贸易有限公司']);
  });

  it('an injection attempt in a value stays a value: the text does not change', () => {
    const sample = structuredClone(SAMPLE_PAYLOADS['shipment.exception']);
    if (sample.event) sample.event.remark = "'); DROP TABLE x; --";
    const settings = { dialect: 'mysql' as const, templates: { 'shipment.exception': tpl } };
    const plain = previewSql(settings, 'shipment.exception');
    const evil = previewSql(settings, 'shipment.exception', JSON.stringify(sample));
    expect(evil?.text).toBe(plain?.text);
    expect(evil?.text).not.toContain('DROP');
    expect(evil?.params.find((x) => x.name === 'remark')?.value).toBe("'); DROP TABLE x; --");
  });

  it('returns null for an event type without a template; throws the Chinese template and payload errors', () => {
    expect(previewSql({ dialect: 'postgres', templates: {} }, 'shipment.returned')).toBeNull();
    expect(previewSql({ dialect: 'postgres', templates: { 'shipment.returned': '  ' } }, 'shipment.returned')).toBeNull();
    expect(() => previewSql({ dialect: 'postgres', templates: { 'shipment.returned': 'SELECT :x' } }, 'shipment.returned')).toThrow(TemplateError);
    expect(() => previewSql({ dialect: 'postgres', templates: { 'shipment.returned': tpl } }, 'shipment.returned', '{not json')).toThrow(
      /事件内容不是有效的 JSON/,
    );
    expect(() => previewSql({ dialect: 'postgres', templates: { 'shipment.returned': tpl } }, 'shipment.returned', { version: 2 })).toThrow(
      PayloadError,
    );
  });

  it('does not need (or read) the connection string', () => {
    const withSecret = { dialect: 'postgres' as const, connectionString: 'postgres://u:secret@h/db', templates: { 'shipment.delivered': tpl } };
    expect(JSON.stringify(previewSql(withSecret, 'shipment.delivered'))).not.toContain('secret');
  });
});

describe('SAMPLE_PAYLOADS', () => {
  it('one per event type, in the outbox format: Chinese sellers, 19-digit order ids', () => {
    for (const type of SQL_EVENT_TYPES) {
      const p = SAMPLE_PAYLOADS[type];
      expect(p.type).toBe(type);
      expect(p.version).toBe(1);
      expect(p.order.orderId).toMatch(/^\d{19}$/);
      expect(p.order.seller).toMatch(/[\u4e00-\u9fff]/);
      expect(p.idempotencyKey.startsWith(`${type}:`)).toBe(true);
      expect(new Date(p.occurredAt as string).toISOString()).toBe(p.occurredAt);
      if (type === 'order.delivered') expect(p.shipment).toBeNull();
      else expect(p.shipment?.logisticsId).toMatch(/^LP\d{17}$/);
    }
  });
});

describe('bindingsFromPayload', () => {
  it('binds every name: times as Dates, ids as strings, absent parts as null', () => {
    const b = bindingsFromPayload(JSON.stringify(SAMPLE_PAYLOADS['shipment.delivered']));
    expect(Object.keys(b).sort()).toEqual([...PARAM_NAMES].sort());
    expect(b.deliveredAt).toBeInstanceOf(Date);
    expect(b.occurredAt).toBeInstanceOf(Date);
    expect(b.eventAt).toBeInstanceOf(Date);
    expect(b.orderId).toBe('3712490012345678901');
    expect(b.type).toBe('shipment.delivered');
    expect(b.stage).toBe('delivered');
  });

  it('accepts epoch-ms times and numeric ids; the row type wins over the payload’s', () => {
    const p = { ...SAMPLE_PAYLOADS['order.delivered'], occurredAt: 1_764_396_300_000, order: { ...SAMPLE_PAYLOADS['order.delivered'].order, orderId: 42 } };
    const b = bindingsFromPayload(p, 'order.delivered');
    expect((b.occurredAt as Date).toISOString()).toBe('2025-11-29T06:05:00.000Z');
    expect(b.orderId).toBe('42');
  });

  it('refuses what cannot be bound, in Chinese', () => {
    expect(() => bindingsFromPayload('nope')).toThrow('事件内容不是有效的 JSON');
    expect(() => bindingsFromPayload({ ...SAMPLE_PAYLOADS['order.delivered'], occurredAt: 'yesterday' })).toThrow(/occurredAt.*时间无效/);
    expect(() => bindingsFromPayload({ ...SAMPLE_PAYLOADS['order.delivered'], version: 2 })).toThrow(/只支持版本 1/);
  });
});
