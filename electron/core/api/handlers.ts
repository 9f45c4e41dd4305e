// Runs in: main process / headless Node.
// THE handler table: one function per contract method. Electron IPC, the browser-mode server
// and the CLI all call these through TrackerCore.handle; none of them adds behaviour.
import { randomBytes } from 'node:crypto';
import type { AddOrdersResult, MethodName, MethodOutput, OrderDetail, ParsedInput, TeamStatusView } from '../../../shared/contract';
import { isOrderId } from '../../../shared/domain';
import type { Account } from '../account';
import type { AccountIdentity } from '../accounts/registry';
import type { Ali1688Client, Credentials } from '../ali1688/client';
import { ImportFileError, parseOrderImport } from '../erp/orderImport';
import { previewSql, TemplateError, type SqlTarget } from '../erp/sqlWriteback';
import type { OutboxRepo } from '../erp/outbox';
import type { ErpDispatcher } from '../erp/webhookDispatcher';
import type { Clock, Logger } from '../ports';
import type { SettingsService } from '../settings';
import type { Store } from '../store';
import type { SyncEngine } from '../sync/syncEngine';
import type { SyncScheduler } from '../sync/scheduler';
import type { DeliveryEstimator } from '../tracking/estimator';
import { arrivalsView, exportArrivals, exportInTransit, inTransitBook, markReceived, searchTraces, supplierScorecard } from './desk';
import { createAccountHandlers } from '../accounts/accountHandlers';
import { exportParcels } from './exportParcels';
import { CoreError, type TrackerEvents } from './types';
import { alertView, orderSummary, parcelDetail } from './views';

export interface HandlerServices {
  store: Store;
  account: Account;
  settings: SettingsService;
  engine: Pick<SyncEngine, 'refreshOrder'>;
  scheduler: SyncScheduler;
  events: TrackerEvents;
  clock: Clock;
  logger: Logger;
  estimator: DeliveryEstimator;
  /** A client for credentials that are not saved yet (connect, OAuth code exchange). */
  clientFor(creds: Credentials): Ali1688Client;
  /** Checks credentials with the gateway and finds out whose they are (nothing is saved). */
  identify(creds: Credentials): Promise<{ credentials: Credentials; who: AccountIdentity }>;
  /** postponeToken for one saved account, through its AppKey's limiter. */
  postpone(accountId: number): Promise<void>;
  authorizeUrl: string;
  /** After the account changed: restart sync. */
  onAccountChanged(): void;
  onSettingsChanged(): void;
  /** Team mode's status (null: solo); see electron/core/team. */
  teamStatus?: () => Promise<TeamStatusView | null>;
  /** Team settings changed here: queued for the team (core/team/teamSettings). */
  teamSettingsChanged?: (patch: ParsedInput<'settings.update'>) => void;
  /** Joining and leaving from 设置 → 团队 (absent: this shell cannot, e.g. the demo). */
  team?: {
    join(input: ParsedInput<'team.join'>): Promise<MethodOutput<'team.join'>>;
    leave(): Promise<MethodOutput<'team.leave'>>;
  };
  erp: {
    outbox: OutboxRepo;
    dispatcher: ErpDispatcher;
    /** The dispatcher's (real) time, which the outbox rows use. */
    now(): number;
    /** The configured target's name, or why none is usable. */
    target(): Promise<{ target: string | null; problem: string | null }>;
    /** The SQL write-back target, when that is what is configured. */
    sqlTarget(): Promise<SqlTarget | null>;
    /** Whether an ERP is configured: outbox rows are recorded only then. */
    enabled(): boolean;
    /** Team mode: whether this desktop records the order's clerk events (it polls its account). */
    heldHere?(orderId: string): boolean;
  };
}

export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };

const OAUTH_STATE_TTL_MS = 10 * 60_000;

/** Splits pasted text into entries: lines, commas (also full-width), spaces, 顿号, semicolons. */
export function splitOrderIds(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Full-width digits → ASCII, surrounding quotes and spaces removed. */
export function normaliseOrderIdInput(raw: string): string {
  return raw
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/^['"“”‘’]+|['"“”‘’]+$/g, '')
    .trim();
}

export function orderIdProblem(id: string): string | null {
  if (id === '') return '空白';
  if (!/^\d+$/.test(id)) return '订单号只能包含数字';
  if (!isOrderId(id)) return `位数不对（${id.length} 位，应为 6–20 位；1688 订单号通常为 19 位）`;
  return null;
}

export function createHandlers(svc: HandlerServices): Handlers {
  const { store, account, settings, scheduler, events, clock } = svc;
  const pendingOAuth = new Map<string, { appKey: string; appSecret: string; redirectUri: string; name?: string; at: number }>();
  const accountHandlers = createAccountHandlers({
    account,
    identify: svc.identify,
    postpone: svc.postpone,
    onAccountChanged: () => svc.onAccountChanged(),
  });

  function orderDetail(orderId: string): OrderDetail {
    const order = store.orders.get(orderId);
    if (!order) throw new CoreError('not_found', `没有找到订单 ${orderId}。它可能还没有被添加或同步。`);
    const shipments = store.shipments.byOrder(orderId);
    const alerts = store.alerts.openForOrder(orderId);
    return {
      ...orderSummary(order, shipments, alerts.length, account.registry.ref),
      shippingFeeFen: order.shipping_fee_fen,
      buyerLoginId: order.buyer_login_id,
      lastError: order.last_error,
      parcels: shipments.map((sh) => parcelDetail(sh, store.shipments.events(sh.id), svc.estimator.viewFor(sh))),
      alerts: alerts.map(alertView),
    };
  }

  /** The account the clerk chose for orders added by id: one that syncs (not removed, not paused). */
  function chosenAccount(accountId: number | undefined): number | null {
    if (accountId === undefined) return null;
    const a = account.registry.get(accountId);
    if (a.state === 'paused')
      throw new CoreError('account_paused', `账号“${a.name}”已暂停：请先恢复它，或选择其他账号。(The account “${a.name}” is paused: resume it or choose another.)`);
    return a.id;
  }

  function addIds(entries: { raw: string; erpRef?: string | null }[], source: 'manual' | 'import', accountId: number | null): AddOrdersResult {
    const result: AddOrdersResult = { added: [], existing: [], rejected: [] };
    const seen = new Set<string>();
    const now = clock.now();
    store.transaction(() => {
      for (const e of entries) {
        const id = normaliseOrderIdInput(e.raw);
        const problem = orderIdProblem(id);
        if (problem) {
          result.rejected.push({ input: e.raw, reason: problem });
          continue;
        }
        if (seen.has(id)) {
          result.rejected.push({ input: e.raw, reason: '与前面的订单号重复' });
          continue;
        }
        seen.add(id);
        const r = store.orders.addTracked(id, source, e.erpRef ?? null, now, accountId);
        (r === 'added' ? result.added : result.existing).push(id);
      }
    });
    if (result.added.length) scheduler.wake();
    return result;
  }

  return {
    async 'orders.list'(q) {
      const page = store.queries.list(q);
      return {
        total: page.total,
        counts: page.counts,
        rows: page.rows.map((o) =>
          orderSummary(o, page.shipmentsByOrder.get(o.id) ?? [], page.openAlertsByOrder.get(o.id) ?? 0, account.registry.ref),
        ),
      };
    },

    async 'orders.get'({ orderId }) {
      return orderDetail(orderId);
    },

    async 'orders.add'({ ids, accountId }) {
      const owner = chosenAccount(accountId);
      // Each entry may itself hold several ids (a pasted block): split, then judge each.
      const entries = ids.flatMap((raw) => {
        const parts = splitOrderIds(raw);
        return parts.length ? parts.map((p) => ({ raw: p })) : [{ raw }];
      });
      return addIds(entries, 'manual', owner);
    },

    async 'orders.importFile'({ fileName, contentBase64, accountId }) {
      const owner = chosenAccount(accountId);
      const bytes = Buffer.from(contentBase64, 'base64');
      let parsed;
      try {
        parsed = await parseOrderImport(fileName, bytes);
      } catch (e) {
        if (e instanceof ImportFileError) throw new CoreError('invalid_input', e.userMessage);
        throw e;
      }
      const r = addIds(parsed.rows.map((row) => ({ raw: row.orderId, erpRef: row.erpRef })), 'import', owner);
      return {
        ...r,
        totalRows: parsed.totalRows,
        rowErrors: parsed.rowErrors.map((e) => ({ row: e.row, value: e.value, reason: e.reason })),
      };
    },

    async 'orders.archive'({ orderId, archived }) {
      if (!store.orders.setArchived(orderId, archived, clock.now())) throw new CoreError('not_found', `没有找到订单 ${orderId}。`);
      events.emit('sync.finished', { changedOrderIds: [orderId], ok: true, newEvents: 0 });
      return { ok: true as const };
    },

    async 'shipments.refresh'({ orderId }) {
      if (!store.orders.get(orderId)) throw new CoreError('not_found', `没有找到订单 ${orderId}。`);
      if (!(await account.hasCredentials())) throw new CoreError('not_connected', '还没有连接 1688 账号：请先在“设置”中连接。');
      const r = await svc.engine.refreshOrder(orderId);
      if (r.unauthorized) {
        account.setNeedsReconnect(true);
        throw new CoreError('needs_reconnect', '1688 授权已失效，请重新连接账号。');
      }
      if (r.errors.length && r.offline) throw new CoreError('offline', r.errors[0]?.message ?? '无法连接 1688。');
      events.emit('sync.finished', { changedOrderIds: r.changedOrderIds, ok: r.ok, newEvents: r.newEvents });
      return orderDetail(orderId);
    },

    async 'alerts.list'({ state, offset, limit }) {
      return { rows: store.alerts.list(state, limit, offset).map(alertView), counts: store.alerts.counts() };
    },

    async 'alerts.ack'({ alertId, note }) {
      if (!store.alerts.ack(alertId, note, clock.now())) throw new CoreError('not_found', `没有找到异常 #${alertId}。`);
      events.emit('alerts.changed', { open: store.alerts.counts().open });
      return alertView(store.alerts.get(alertId)!);
    },

    async 'sync.status'() {
      return scheduler.status();
    },

    async 'sync.runNow'() {
      if (!(await account.hasCredentials())) throw new CoreError('not_connected', '还没有连接 1688 账号：请先在“设置”中连接。');
      if (account.needsReconnect()) throw new CoreError('needs_reconnect', '1688 授权已失效，请重新连接账号。');
      await scheduler.runNow();
      return scheduler.status();
    },

    async 'settings.get'() {
      return settings.view();
    },

    async 'settings.update'(patch) {
      await settings.update(patch);
      svc.onSettingsChanged();
      svc.teamSettingsChanged?.(patch);
      return settings.view();
    },

    async 'account.status'() {
      return account.status();
    },

    async 'account.connect'({ appKey, appSecret, accessToken, refreshToken }) {
      const checked = await svc.identify({ appKey, appSecret, accessToken, refreshToken: refreshToken || null });
      await account.save(checked.credentials, 'token', checked.who);
      svc.onAccountChanged();
      return account.status();
    },

    async 'account.startOAuth'({ appKey, appSecret, redirectUri, name }) {
      const now = clock.now();
      for (const [k, v] of pendingOAuth) if (now - v.at > OAUTH_STATE_TTL_MS) pendingOAuth.delete(k);
      const state = randomBytes(16).toString('hex');
      pendingOAuth.set(state, { appKey, appSecret, redirectUri, at: now, ...(name ? { name } : {}) });
      const url = new URL(svc.authorizeUrl);
      url.searchParams.set('client_id', appKey);
      url.searchParams.set('site', '1688');
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('state', state);
      return { authorizeUrl: url.toString(), state };
    },

    async 'account.completeOAuth'({ code, state }) {
      const pending = pendingOAuth.get(state);
      pendingOAuth.delete(state);
      if (!pending || clock.now() - pending.at > OAUTH_STATE_TTL_MS)
        throw new CoreError('invalid_input', '授权已过期或不是本程序发起的，请重新点击“通过 1688 授权登录”。');
      const client = svc.clientFor({ appKey: pending.appKey, appSecret: pending.appSecret, accessToken: '', refreshToken: null });
      const grant = await client.exchangeCode({ code, redirectUri: pending.redirectUri });
      const creds = { appKey: pending.appKey, appSecret: pending.appSecret, accessToken: grant.accessToken, refreshToken: grant.refreshToken };
      await account.save(creds, 'oauth', { memberId: grant.memberId, loginId: grant.loginId, grant }, pending.name);
      svc.onAccountChanged();
      return account.status();
    },

    async 'account.check'() {
      const creds = await account.credentialSource.get();
      if (!creds) return { ok: false, serverTime: null, skewMs: null, message: '还没有连接 1688 账号。' };
      const before = Date.now();
      const serverTime = await svc.clientFor(creds).currentTime();
      const local = (before + Date.now()) / 2;
      const skewMs = Math.round(serverTime - local);
      const skewNote = Math.abs(skewMs) > 60_000 ? `；本机时间与 1688 相差 ${Math.round(skewMs / 1000)} 秒，请校准系统时间` : '';
      return { ok: true, serverTime: new Date(serverTime).toISOString(), skewMs, message: `连接正常${skewNote}。` };
    },

    async 'account.disconnect'() {
      await account.disconnect();
      svc.onAccountChanged();
      return account.status();
    },

    ...accountHandlers,

    async 'team.status'() {
      return (await svc.teamStatus?.()) ?? null;
    },

    async 'team.join'(input) {
      if (!svc.team) throw new CoreError('invalid_input', '此模式不能加入团队（演示数据）。(Joining a team is not available here.)');
      return svc.team.join(input);
    },

    async 'team.leave'() {
      if (!svc.team) throw new CoreError('invalid_input', '本机不在团队中。(Not in a team.)');
      return svc.team.leave();
    },

    async 'erp.sqlPreview'({ dialect, template, eventType }) {
      try {
        const preview = previewSql({ dialect, templates: { [eventType]: template } }, eventType);
        if (!preview) throw new CoreError('invalid_input', '模板为空。');
        return {
          eventType,
          dialect,
          text: preview.text,
          params: preview.params.map((p) => ({
            position: p.position,
            placeholder: p.placeholder,
            name: p.name,
            value: p.value === null || p.value === undefined ? null : String(p.value),
            kind: p.kind,
          })),
        };
      } catch (e) {
        if (e instanceof TemplateError) throw new CoreError('invalid_input', e.message);
        throw e;
      }
    },

    async 'erp.sqlCheck'() {
      const target = await svc.erp.sqlTarget();
      if (!target) {
        const { problem } = await svc.erp.target();
        return { ok: false, message: problem ?? '还没有设置 SQL 回写（数据库类型、模板和连接串）。' };
      }
      const r = await target.check();
      return r.ok ? { ok: true, message: '已连接到 ERP 数据库。' } : { ok: false, message: r.error };
    },

    async 'export.file'(q) {
      return exportParcels(store, q, settings.current().language);
    },

    async 'outbox.list'({ state, offset, limit }) {
      const { rows, total } = svc.erp.outbox.list(state, offset, limit);
      const t = await svc.erp.target();
      return { rows, total, counts: svc.erp.outbox.fullCounts(), target: t.target, targetProblem: t.problem };
    },

    async 'traces.search'({ text, limit }) {
      return searchTraces(store, text, limit);
    },

    async 'arrivals.list'() {
      return arrivalsView(store, svc.estimator, clock.now());
    },

    async 'arrivals.export'({ format }) {
      const now = clock.now();
      return exportArrivals(arrivalsView(store, svc.estimator, now), format, settings.current().language, now);
    },

    async 'shipments.markReceived'({ orderId, logisticsId }) {
      const { erp } = svc;
      const { closedAlertIds, ...r } = markReceived(
        { store, outbox: erp.outbox, erpEnabled: () => erp.enabled() && (erp.heldHere?.(orderId) ?? true), outboxNow: erp.now },
        orderId,
        logisticsId,
        clock.now(),
      );
      if (!r.alreadyReceived) {
        if (r.erpEvent === 'recorded') {
          erp.dispatcher.checkCounts();
          erp.dispatcher.wake();
        }
        if (closedAlertIds.length) events.emit('alerts.changed', { open: store.alerts.counts().open });
        events.emit('sync.finished', { changedOrderIds: [orderId], ok: true, newEvents: 0 });
      }
      return r;
    },

    async 'inTransit.book'(q) {
      return inTransitBook(store, clock.now(), q ?? {});
    },

    async 'inTransit.export'({ format }) {
      return exportInTransit(store, format, settings.current().language, clock.now());
    },

    async 'suppliers.scorecard'(q) {
      return supplierScorecard(store, svc.estimator, clock.now(), q ?? {});
    },

    async 'outbox.resend'({ idempotencyKey }) {
      return changeDeadRow(idempotencyKey, 'resend');
    },

    async 'outbox.discard'({ idempotencyKey }) {
      return changeDeadRow(idempotencyKey, 'discard');
    },
  };

  /** Re-send or discard a dead row; either way its chain moves again. */
  function changeDeadRow(key: string, action: 'resend' | 'discard') {
    const { outbox, dispatcher } = svc.erp;
    const row = outbox.get(key);
    if (!row) throw new CoreError('not_found', `发件箱里没有这条事件：${key.slice(0, 200)}`);
    const now = svc.erp.now();
    const done = action === 'resend' ? outbox.resend(row.id, now) : outbox.discard(row.id, now);
    if (!done) throw new CoreError('invalid_input', `只有发送失败（已停止重试）的事件可以${action === 'resend' ? '重新发送' : '放弃'}；这条的状态是 ${row.state}。`);
    dispatcher.checkCounts();
    dispatcher.wake();
    return outbox.view(row.id)!;
  }
}
