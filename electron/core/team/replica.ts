// Runs in: main process / headless Node.
// The desktop's side of the team at the store boundary: nothing in the sync engine knows about it.
// - capture: temporary triggers on this connection note every row the sync (or the clerk)
//   writes in team_dirty, in the same SQLite transaction as the write; collect() turns them
//   into change-log entries keyed by 1688 identifiers;
// - apply: change-log pages are applied in ONE SQLite transaction each, with the capture
//   triggers quiet, each row parsed first (a malformed one is skipped and reported, the rest
//   applied); an acknowledgement already on this desktop is never undone by an older row.
import type { Db } from '../store/database';
import type { Store } from '../store';
import {
  ORDER_COLUMNS,
  parseChange,
  SHIPMENT_COLUMNS,
  MalformedChangeError,
  type TeamChange,
  type TeamOrderRow,
  type TeamShipmentRow,
} from './teamChanges';
import { createStepWriter } from './replicaSteps';
import { createAccountApplier } from './teamAccounts';
import { beginBulkLoad, bulkLoadPending, finishBulkLoad } from '../store/bulkLoad';

const CURSOR_KEY = 'team.cursor';
/** Set while a first download is under way (kept across a kill or a lost connection, so it resumes in bulk). */
const FIRST_DOWNLOAD_KEY = 'team.firstDownload';
/** A first download of at least this many changes into an empty replica is a bulk load (store/bulkLoad.ts). */
export const FIRST_DOWNLOAD_MIN_CHANGES = 5_000;

export interface ApplyResult {
  applied: number;
  cursor: number;
  rejected: { seq: number; error: string }[];
  /** Accounts new to this desktop without credentials here (their earlier orders are tied after). */
  teamOnlyAccounts: string[];
}

/** Installs the capture triggers on this connection (temporary: they live with it). */
export function installCapture(db: Db): void {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS team_quiet (on_ INTEGER);
    -- (a guarded INSERT, not INSERT OR IGNORE: an upsert around the trigger would override its conflict clause)
    CREATE TEMP TRIGGER IF NOT EXISTS team_cap_order_i AFTER INSERT ON main.orders
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) BEGIN INSERT INTO main.team_dirty SELECT 'order', NEW.id WHERE NOT EXISTS (SELECT 1 FROM main.team_dirty WHERE entity = 'order' AND k = NEW.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_cap_order_u AFTER UPDATE ON main.orders
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) BEGIN INSERT INTO main.team_dirty SELECT 'order', NEW.id WHERE NOT EXISTS (SELECT 1 FROM main.team_dirty WHERE entity = 'order' AND k = NEW.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_cap_ship_i AFTER INSERT ON main.shipments
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) BEGIN INSERT INTO main.team_dirty SELECT 'shipment', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM main.team_dirty WHERE entity = 'shipment' AND k = CAST(NEW.id AS TEXT)); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_cap_ship_u AFTER UPDATE ON main.shipments
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) BEGIN INSERT INTO main.team_dirty SELECT 'shipment', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM main.team_dirty WHERE entity = 'shipment' AND k = CAST(NEW.id AS TEXT)); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_cap_step AFTER INSERT ON main.trace_events
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet)
      BEGIN INSERT INTO main.team_dirty SELECT 'step', json_array(NEW.shipment_id, NEW.occurred_at, NEW.remark) WHERE NOT EXISTS (SELECT 1 FROM main.team_dirty WHERE entity = 'step' AND k = json_array(NEW.shipment_id, NEW.occurred_at, NEW.remark)); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_cap_alert_i AFTER INSERT ON main.alerts
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) BEGIN INSERT INTO main.team_dirty SELECT 'alert', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM main.team_dirty WHERE entity = 'alert' AND k = CAST(NEW.id AS TEXT)); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_cap_alert_u AFTER UPDATE ON main.alerts
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) BEGIN INSERT INTO main.team_dirty SELECT 'alert', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM main.team_dirty WHERE entity = 'alert' AND k = CAST(NEW.id AS TEXT)); END;
  `);
  installClerkActions(db);
}

/**
 * Clerk actions, recorded by temporary triggers in the same transaction as the clerk's own
 * write (the handler table does not change): acknowledging an alert, archiving, adding or
 * importing an order by id (with its ERP reference). Each gets a fresh idempotency key. The sync
 * never writes these columns, and replica applies are quiet, so only a clerk's act is queued.
 */
const ACTION_TRIGGERS = `
    CREATE TEMP TRIGGER IF NOT EXISTS team_act_ack AFTER UPDATE OF acked_at, ack_note ON main.alerts
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) AND NEW.acked_at IS NOT NULL
      BEGIN INSERT INTO main.team_actions (key, acted_at, action) VALUES (lower(hex(randomblob(16))), NEW.acked_at,
        json_object('kind', 'ackAlert', 'orderId', NEW.order_id,
          'logisticsId', (SELECT logistics_id FROM main.shipments WHERE id = NEW.shipment_id),
          'rule', NEW.rule, 'openedAt', NEW.opened_at, 'note', COALESCE(NEW.ack_note, ''))); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_act_archive AFTER UPDATE OF archived ON main.orders
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) AND NEW.archived IS NOT OLD.archived
      BEGIN INSERT INTO main.team_actions (key, acted_at, action) VALUES (lower(hex(randomblob(16))), NEW.updated_at,
        json_object('kind', 'setArchived', 'orderId', NEW.id, 'archived', json(CASE NEW.archived WHEN 1 THEN 'true' ELSE 'false' END))); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_act_add AFTER INSERT ON main.orders
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) AND NEW.source IN ('manual', 'import') AND NEW.status_1688 IS NULL
      BEGIN INSERT INTO main.team_actions (key, acted_at, action) VALUES (lower(hex(randomblob(16))), NEW.first_seen_at,
        json_object('kind', 'addOrders', 'ids', json_array(NEW.id), 'source', NEW.source, 'erpRef', NEW.erp_ref)); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_act_received AFTER UPDATE OF received_at ON main.shipments
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) AND NEW.received_at IS NOT NULL AND OLD.received_at IS NULL
      BEGIN INSERT INTO main.team_actions (key, acted_at, action) VALUES (lower(hex(randomblob(16))), NEW.received_at,
        json_object('kind', 'markReceived', 'orderId', NEW.order_id, 'logisticsId', NEW.logistics_id)); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_act_received_erp AFTER INSERT ON main.outbox
      WHEN NEW.type = 'shipment.received'
      BEGIN UPDATE main.team_actions SET action = json_set(action, '$.erp', json('true'))
        WHERE tries >= 0 AND json_extract(action, '$.kind') = 'markReceived' AND json_extract(action, '$.orderId') = NEW.order_id
          AND json_extract(action, '$.logisticsId') = (SELECT logistics_id FROM main.shipments WHERE id = NEW.shipment_id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS team_act_erpref AFTER UPDATE OF erp_ref ON main.orders
      WHEN NOT EXISTS (SELECT 1 FROM temp.team_quiet) AND NEW.erp_ref IS NOT NULL AND NEW.erp_ref IS NOT OLD.erp_ref
      BEGIN INSERT INTO main.team_actions (key, acted_at, action) VALUES (lower(hex(randomblob(16))), NEW.updated_at,
        json_object('kind', 'addOrders', 'ids', json_array(NEW.id), 'source', NEW.source, 'erpRef', NEW.erp_ref)); END;
`;

export function installClerkActions(db: Db): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS team_quiet (on_ INTEGER);');
  db.exec(ACTION_TRIGGERS);
}

export function removeCapture(db: Db): void {
  for (const t of ['order_i', 'order_u', 'ship_i', 'ship_u', 'step', 'alert_i', 'alert_u']) db.exec(`DROP TRIGGER IF EXISTS temp.team_cap_${t}`);
  for (const t of ['ack', 'archive', 'add', 'erpref', 'received', 'received_erp']) db.exec(`DROP TRIGGER IF EXISTS temp.team_act_${t}`);
}

export interface DirtyKey {
  entity: string;
  k: string;
}
/** The captured changes of one account, and the captured keys they came from. */
export interface CollectedGroup {
  changes: TeamChange[];
  keys: DirtyKey[];
}

interface ShipKey {
  order_id: string;
  logistics_id: string;
}

export interface ReplicaOptions {
  /** From how many steps a page is written in bulk (replicaSteps.ts); Infinity: never. */
  bulkSteps?: number;
  /** From how many changes a first download is a bulk load (FIRST_DOWNLOAD_MIN_CHANGES); Infinity: never (the bench's baseline). */
  firstDownloadMinChanges?: number;
}

export function createReplica(store: Store, opts: ReplicaOptions = {}) {
  const db = store.db;
  const accountKeyOf = db.prepare<[number], { member_id: string | null }>('SELECT member_id FROM accounts WHERE id = ?');
  const accountIdOf = db.prepare<[string], { id: number }>("SELECT id FROM accounts WHERE member_id = ? AND state != 'removed'");
  const orderRow = db.prepare<[string], Record<string, unknown>>('SELECT * FROM orders WHERE id = ?');
  const orderKnown = db.prepare<[string], 1>('SELECT 1 FROM orders WHERE id = ?').pluck();
  const shipRow = db.prepare<[number], Record<string, unknown>>('SELECT * FROM shipments WHERE id = ?');
  const shipByKey = db.prepare<[string, string], { id: number; status: string }>(
    'SELECT id, status FROM shipments WHERE order_id = ? AND logistics_id = ?',
  );
  const stepRow = db.prepare<[number, number, string], Record<string, unknown>>(
    'SELECT occurred_at, remark, stage, first_seen_at FROM trace_events WHERE shipment_id = ? AND occurred_at = ? AND remark = ?',
  );
  const alertRow = db.prepare<[number], Record<string, unknown>>('SELECT * FROM alerts WHERE id = ?');
  const dirty = db.prepare<[number], { entity: string; k: string }>('SELECT entity, k FROM team_dirty LIMIT ?');
  const clean = db.prepare('DELETE FROM team_dirty WHERE entity = ? AND k = ?');

  // The switch the capture triggers read. Made here too, not only with the triggers: a passive member
  // (`team join`'s first pull) applies pages without capture installed, and without the table every
  // page failed.
  db.exec('CREATE TEMP TABLE IF NOT EXISTS team_quiet (on_ INTEGER)');
  const quiet = (on: boolean) => db.exec(on ? 'INSERT INTO temp.team_quiet VALUES (1)' : 'DELETE FROM temp.team_quiet');

  const pick = <K extends string>(row: Record<string, unknown>, cols: readonly K[]) =>
    Object.fromEntries(cols.map((c) => [c, row[c] ?? null])) as Record<K, unknown>;

  function accountKey(accountId: unknown): string | null {
    return typeof accountId === 'number' ? (accountKeyOf.get(accountId)?.member_id ?? null) : null;
  }

  function orderChange(id: string): (TeamChange & { entity: 'order' }) | null {
    const r = orderRow.get(id);
    if (!r) return null;
    return {
      entity: 'order',
      id,
      account: accountKey(r.account_id),
      row: pick(r, ORDER_COLUMNS) as TeamOrderRow,
      archived: r.archived === 1,
      erpRef: (r.erp_ref as string | null) ?? null,
    };
  }

  /** Every captured row as a change, grouped by the account it belongs to (null: none yet). */
  function collect(limit = 5_000): { byAccount: Map<string | null, CollectedGroup>; keys: DirtyKey[] } {
    const keys = dirty.all(limit);
    const byAccount = new Map<string | null, CollectedGroup>();
    const accountOfOrder = new Map<string, string | null>();
    const group = (orderId: string) => {
      if (!accountOfOrder.has(orderId)) accountOfOrder.set(orderId, accountKey(orderRow.get(orderId)?.account_id));
      const acc = accountOfOrder.get(orderId) ?? null;
      const g = byAccount.get(acc) ?? { changes: [], keys: [] };
      byAccount.set(acc, g);
      return g;
    };
    const add = (orderId: string, ch: TeamChange, ...dk: DirtyKey[]) => {
      const g = group(orderId);
      g.changes.push(ch);
      g.keys.push(...dk);
    };
    const steps = new Map<number, { key: ShipKey; steps: NonNullable<TeamChange & { entity: 'steps' }>['steps']; dk: DirtyKey[] }>();
    // Orders first, then parcels, then steps and alerts: the team's foreign keys need that order.
    const rank: Record<string, number> = { order: 0, shipment: 1, step: 2, alert: 3 };
    const gone: DirtyKey[] = [];
    for (const dk of [...keys].sort((a, b) => (rank[a.entity] ?? 9) - (rank[b.entity] ?? 9))) {
      const { entity, k } = dk;
      if (entity === 'order') {
        const ch = orderChange(k);
        if (ch) add(k, ch, dk);
        else gone.push(dk);
      } else if (entity === 'shipment') {
        const r = shipRow.get(Number(k));
        if (!r) gone.push(dk);
        else
          add(r.order_id as string, {
            entity: 'shipment',
            orderId: r.order_id as string,
            logisticsId: r.logistics_id as string,
            row: pick(r, SHIPMENT_COLUMNS) as TeamShipmentRow,
            receivedAt: (r.received_at as number | null) ?? null,
          }, dk);
      } else if (entity === 'step') {
        const [sid, at, remark] = JSON.parse(k) as [number, number, string];
        const s = stepRow.get(sid, at, remark);
        const ship = shipRow.get(sid);
        if (!s || !ship) {
          gone.push(dk);
          continue;
        }
        const entry = steps.get(sid) ?? { key: { order_id: ship.order_id as string, logistics_id: ship.logistics_id as string }, steps: [], dk: [] };
        entry.steps.push(s as never);
        entry.dk.push(dk);
        steps.set(sid, entry);
      }
    }
    for (const { key, steps: list, dk } of steps.values())
      add(key.order_id, { entity: 'steps', orderId: key.order_id, logisticsId: key.logistics_id, steps: list }, ...dk);
    for (const dk of keys) {
      if (dk.entity !== 'alert') continue;
      const a = alertRow.get(Number(dk.k));
      if (!a) {
        gone.push(dk);
        continue;
      }
      const ship = a.shipment_id === null ? null : shipRow.get(a.shipment_id as number);
      add(a.order_id as string, {
        entity: 'alert',
        orderId: a.order_id as string,
        logisticsId: ship ? (ship.logistics_id as string) : null,
        rule: a.rule as never,
        openedAt: a.opened_at as number,
        row: {
          severity: a.severity as 'warning' | 'alert',
          message: a.message as string,
          message_en: a.message_en as string,
          resolved_at: (a.resolved_at as number | null) ?? null,
          updated_at: a.updated_at as number,
        },
        ackedAt: (a.acked_at as number | null) ?? null,
        ackNote: (a.ack_note as string | null) ?? null,
        ackedBy: null,
      }, dk);
    }
    // Rows deleted since they were captured: nothing to send.
    if (gone.length) byAccount.set(null, { changes: byAccount.get(null)?.changes ?? [], keys: [...(byAccount.get(null)?.keys ?? []), ...gone] });
    return { byAccount, keys };
  }

  /** Forgets captured rows once the team has stored them (or they are not ours to send). */
  function forget(keys: readonly { entity: string; k: string }[]) {
    store.transaction(() => keys.forEach((x) => clean.run(x.entity, x.k)));
  }

  // ---------------------------------------------------------------------------- applying
  const orderCols = ORDER_COLUMNS.join(', ');
  const upsertOrder = db.prepare(`
    INSERT INTO orders (id, account_id, archived, erp_ref, ${orderCols})
    VALUES (@id, @account_id, @archived, @erp_ref, ${ORDER_COLUMNS.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (id) DO UPDATE SET account_id = COALESCE(excluded.account_id, orders.account_id), archived = excluded.archived,
      erp_ref = excluded.erp_ref, ${ORDER_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`);
  const shipCols = SHIPMENT_COLUMNS.join(', ');
  const upsertShip = db.prepare(`
    INSERT INTO shipments (order_id, logistics_id, ${shipCols})
    VALUES (@order_id, @logistics_id, ${SHIPMENT_COLUMNS.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (order_id, logistics_id) DO UPDATE SET ${SHIPMENT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`);
  const stepWriter = createStepWriter(db, opts.bulkSteps);
  const alertByKey = db.prepare<[string, string, number], { id: number; acked_at: number | null; ack_note: string | null }>(
    'SELECT id, acked_at, ack_note FROM alerts WHERE subject = ? AND rule = ? AND opened_at = ?',
  );
  const insertAlert = db.prepare(`
    INSERT INTO alerts (rule, severity, order_id, shipment_id, subject, message, message_en, opened_at, resolved_at, acked_at, ack_note, updated_at)
    VALUES (@rule, @severity, @order_id, @shipment_id, @subject, @message, @message_en, @opened_at, @resolved_at, @acked_at, @ack_note, @updated_at)`);
  const updateAlert = db.prepare(`
    UPDATE alerts SET severity = @severity, message = @message, message_en = @message_en, resolved_at = @resolved_at,
      acked_at = @acked_at, ack_note = @ack_note, updated_at = @updated_at WHERE id = @id`);
  const pendingAck = db.prepare<[string, string, string, number], { n: number }>(
    `SELECT COUNT(*) AS n FROM team_actions WHERE json_extract(action, '$.kind') = 'ackAlert' AND json_extract(action, '$.orderId') = ?
       AND IFNULL(json_extract(action, '$.logisticsId'), '') = ? AND json_extract(action, '$.rule') = ? AND json_extract(action, '$.openedAt') = ?`,
  );
  const dropAction = db.prepare('DELETE FROM team_actions WHERE key = ?');
  const setSetting = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const applyAccount = createAccountApplier(store);
  const newTeamOnly: string[] = [];

  const alignReceived = db.prepare('UPDATE shipments SET received_at = ? WHERE id = ? AND received_at IS NOT ?');
  /**
   * The team's received mark: as the clerk's own (its open alerts resolved, as
   * shipments.markReceived does), once; the team's time wins over a later local one.
   */
  function received(orderId: string, logisticsId: string, at: number) {
    const sh = shipByKey.get(orderId, logisticsId);
    if (!sh) return;
    // (the ERP hears it from whoever claims it in PostgreSQL: teamErp.ts, not from this pull)
    if (store.arrivals.markReceived(sh.id, at) === null) alignReceived.run(at, sh.id, at);
  }

  /** Orders whose search text may have changed in the page being applied (refreshed once each). */
  const touched = new Set<string>();

  const anyOrder = db.prepare('SELECT 1 FROM orders LIMIT 1');
  /** Pages are written bare while the store's bulk load is under way. */
  let bare = bulkLoadPending(db);

  /**
   * Before pulling `backlog` changes: a first download (an empty replica, a long log) or one
   * resumed after a kill becomes a bulk load — the indexes and step triggers set aside until
   * finishFirstDownload(). Returns whether the pages are written bare.
   */
  function startFirstDownload(backlog: number): boolean {
    const resumed = store.syncState.get<boolean>(FIRST_DOWNLOAD_KEY) === true;
    if (!resumed && (cursorOf() !== 0 || backlog < (opts.firstDownloadMinChanges ?? FIRST_DOWNLOAD_MIN_CHANGES) || anyOrder.get())) return bare;
    store.transaction(() => {
      store.syncState.set(FIRST_DOWNLOAD_KEY, true);
      beginBulkLoad(db);
    });
    bare = true;
    return bare;
  }

  /**
   * After a pull: the indexes, triggers and searches rebuilt (one transaction, quiet for the
   * capture). caughtUp: the download is done; otherwise (the team's database went away) the
   * replica is whole again for offline work and the next pull resumes the download in bulk.
   */
  function finishFirstDownload(caughtUp: boolean) {
    if (!bare) return;
    quiet(true);
    try {
      store.transaction(() => {
        finishBulkLoad(db);
        if (caughtUp) store.syncState.delete(FIRST_DOWNLOAD_KEY);
      });
    } finally {
      quiet(false);
    }
    bare = false;
  }

  function applyOne(ch: TeamChange, seq: number) {
    switch (ch.entity) {
      case 'order': {
        const accountId = ch.account === null ? null : (accountIdOf.get(ch.account)?.id ?? null);
        upsertOrder.run({ id: ch.id, account_id: accountId, archived: ch.archived ? 1 : 0, erp_ref: ch.erpRef, ...ch.row });
        touched.add(ch.id);
        return;
      }
      case 'shipment': {
        if (!orderKnown.get(ch.orderId)) throw new MalformedChangeError(seq, `parcel of unknown order ${ch.orderId}`);
        upsertShip.run({ order_id: ch.orderId, logistics_id: ch.logisticsId, ...ch.row });
        touched.add(ch.orderId);
        if (ch.receivedAt !== null) received(ch.orderId, ch.logisticsId, ch.receivedAt);
        return;
      }
      case 'steps': {
        const s = shipByKey.get(ch.orderId, ch.logisticsId);
        if (!s) throw new MalformedChangeError(seq, `steps of unknown parcel ${ch.orderId}/${ch.logisticsId}`);
        stepWriter.insert(s.id, ch.steps);
        return;
      }
      case 'alert': {
        const ship = ch.logisticsId === null ? null : shipByKey.get(ch.orderId, ch.logisticsId);
        if (ch.logisticsId !== null && !ship) throw new MalformedChangeError(seq, `alert of unknown parcel ${ch.orderId}/${ch.logisticsId}`);
        if (!orderKnown.get(ch.orderId)) throw new MalformedChangeError(seq, `alert of unknown order ${ch.orderId}`);
        const subject = ship ? `s:${ship.id}` : `o:${ch.orderId}`;
        const existing = alertByKey.get(subject, ch.rule, ch.openedAt);
        // Never undo an acknowledgement; while this desktop's own ack is on its way up, keep its note.
        const mineInFlight = (pendingAck.get(ch.orderId, ch.logisticsId ?? '', ch.rule, ch.openedAt)?.n ?? 0) > 0;
        const ackedAt = ch.ackedAt ?? existing?.acked_at ?? null;
        const ackNote = mineInFlight || ch.ackedAt === null ? (existing?.ack_note ?? ch.ackNote) : ch.ackNote;
        const row = { ...ch.row, acked_at: ackedAt, ack_note: ackNote };
        if (existing) updateAlert.run({ id: existing.id, ...row });
        else {
          try {
            insertAlert.run({ rule: ch.rule, order_id: ch.orderId, shipment_id: ship?.id ?? null, subject, opened_at: ch.openedAt, ...row });
          } catch (e) {
            // A locally opened alert with the same subject and rule still open: the team's wins.
            throw new MalformedChangeError(seq, `alert conflicts with a local one: ${(e as Error).message}`);
          }
        }
        return;
      }
      case 'setting':
        setSetting.run(`team.${ch.key}`, JSON.stringify(ch.value));
        return;
      case 'account': {
        const created = applyAccount(ch);
        if (created) newTeamOnly.push(created);
        return;
      }
      case 'action':
        dropAction.run(ch.key);
        return;
    }
  }

  /**
   * Applies one page of the change log in one SQLite transaction and moves the cursor to its
   * last row. A row that fails to parse or to apply is rolled back alone (savepoint) and reported.
   */
  function applyPage(rows: readonly { seq: number; data: unknown }[]): ApplyResult {
    const rejected: { seq: number; error: string }[] = [];
    const parsed: { seq: number; ch: TeamChange }[] = [];
    for (const r of rows) {
      try {
        parsed.push({ seq: r.seq, ch: parseChange(r.seq, r.data) });
      } catch (e) {
        rejected.push({ seq: r.seq, error: (e as Error).message });
      }
    }
    const cursor = Math.max(cursorOf(), ...rows.map((r) => r.seq));
    const stepCount = parsed.reduce((n, { ch }) => n + (ch.entity === 'steps' ? ch.steps.length : 0), 0);
    let applied = 0;
    const run = (guarded: boolean) =>
      store.transaction(() => {
        quiet(true);
        touched.clear();
        newTeamOnly.length = 0;
        applied = 0;
        stepWriter.begin(stepCount, bare);
        try {
          for (const { seq, ch } of parsed) {
            if (!guarded) {
              applyOne(ch, seq);
              applied++;
              continue;
            }
            // Second pass, after a row failed: each row alone, the failing ones left out.
            db.exec('SAVEPOINT team_row');
            const mark = stepWriter.mark();
            try {
              applyOne(ch, seq);
              db.exec('RELEASE team_row');
              applied++;
            } catch (e) {
              db.exec('ROLLBACK TO team_row');
              stepWriter.rollbackTo(mark);
              db.exec('RELEASE team_row');
              rejected.push({ seq, error: (e as Error).message });
            }
          }
          stepWriter.finish();
          // (during a bulk load the orders' search is rebuilt whole at its end)
          if (!bare) store.queries.refreshSearchMany([...touched]);
          store.syncState.set(CURSOR_KEY, cursor);
        } catch (e) {
          stepWriter.abandon();
          throw e;
        } finally {
          quiet(false);
        }
      });
    // One transaction for the page; only when a row fails is it applied again row by row.
    try {
      run(false);
    } catch {
      run(true);
    }
    return { applied, cursor, rejected, teamOnlyAccounts: [...newTeamOnly] };
  }

  function cursorOf(): number {
    return store.syncState.get<number>(CURSOR_KEY) ?? 0;
  }

  return {
    collect,
    forget,
    applyPage,
    cursor: cursorOf,
    orderChange,
    startFirstDownload,
    finishFirstDownload,
    settle: () => stepWriter.settle(),
  };
}

export type Replica = ReturnType<typeof createReplica>;
