// A team's record seeded straight into its PostgreSQL change log (set-wise, in one statement):
// `orders` orders, each with one parcel and `stepsPerParcel` steps — three changes per order.
// For the first-download bench (B8d) and the first-download tests.
import pg from 'pg';
import { migrateTeamSchema } from '../../electron/core/team/pgMigrations';

export async function seedTeamRecord(url: string, orders: number, stepsPerParcel: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await migrateTeamSchema(c);
    const orderRow = `jsonb_build_object('status','in_transit','status_1688','waitbuyerreceive','seller_login_id',null,'seller_company','义乌商贸 ' || (i % 500),
      'seller_contact',null,'buyer_login_id',null,'total_fen',1000 + i,'shipping_fee_fen',0,'created_at',1700000000000 + i * 1000,'paid_at',null,
      'modified_at',null,'product_summary','样品 ' || i,'source','discovered','raw_json',null,'detail_fetched_at',null,'parcels_checked_at',null,
      'next_parcel_check_at',null,'last_error',null,'last_event_at',1700000000000 + i * 1000,'last_remark','快件已发往','first_seen_at',1700000000000,
      'updated_at',1700000000000 + i * 1000,'purchaser',null)`;
    const shipRow = `jsonb_build_object('bill_no','YT' || i,'previous_bill_no',null,'carrier_code','YTO','carrier_name','圆通','status','in_transit','status_1688',null,
      'origin_province','浙江省','origin_city','金华市','dest_province','广东省','dest_city','深圳市','shipped_at',1700000000000,'last_event_at',null,
      'last_remark',null,'last_stage',null,'event_count',${stepsPerParcel},'delivered_at',null,'status_changed_at',null,'next_poll_at',null,'done',0,
      'last_polled_at',null,'poll_failures',0,'last_error',null,'raw_json',null,'first_seen_at',1700000000000,'updated_at',1700000000000,
      'evidence',null,'status_1688_at',null,'first_scan_at',1700000000000 + 3600000,'problems',0,'last_problem_at',null)`;
    const steps = `(SELECT jsonb_agg(jsonb_build_object('occurred_at',1700000000000 + k * 3600000,'remark','【金华】快件已到达 第' || k || '站','stage','in_transit','first_seen_at',1700000000000)) FROM generate_series(1, ${stepsPerParcel}) k)`;
    const id = `(3200000000000000000 + i)::text`;
    await c.query('BEGIN');
    await c.query(`INSERT INTO team_changes (seq, entity, data)
      SELECT nextval('team_change_seq'), e, d FROM generate_series(1, ${orders}) i, LATERAL (VALUES
        ('order', jsonb_build_object('entity','order','id',${id},'account',null,'row',${orderRow},'archived',false,'erpRef',null)),
        ('shipment', jsonb_build_object('entity','shipment','orderId',${id},'logisticsId','LP' || i,'row',${shipRow},'receivedAt',null)),
        ('steps', jsonb_build_object('entity','steps','orderId',${id},'logisticsId','LP' || i,'steps',${steps}))) v(e, d)`);
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
}
