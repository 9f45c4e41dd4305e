// Runs in: main process / headless Node.
// The clerk's settings: defaults, stored values, and the one write-only secret (the ERP webhook
// secret, kept in the SecretStore and only ever reported as "set").
import type { ErpSqlSettings, ParsedInput, Settings } from '../../shared/contract';
import { parseSqlWritebackSettings, SqlWritebackConfigError } from './erp/sqlWriteback';
import { CoreError } from './api/types';
import type { SecretStore } from './ports';
import type { Store } from './store';

export type StoredSettings = Omit<
  Settings,
  'dataDir' | 'erpWebhookHasSecret' | 'erpStatusChangedEvents' | 'erpSql' | 'erpSqlHasConnectionString'
> & {
  erpStatusChangedEvents: boolean;
  erpSql: ErpSqlSettings | null;
  oauthRedirectUri: string | null;
  pushEnabled: boolean;
  pushUrl: string | null;
};

export const DEFAULT_SETTINGS: StoredSettings = {
  language: 'zh-CN',
  pollIntervalMinutes: 30,
  discoveryIntervalMinutes: 30,
  qps: 5,
  notifyDelivered: true,
  notifyAlerts: true,
  quietHours: { enabled: false, start: '22:00', end: '08:00' },
  stallWarnHours: 48,
  stallAlertHours: 72,
  businessDaysForStalls: false,
  defaultDeliveryDays: 5,
  witnessStuckHours: 24,
  witnessRecheckHours: 6,
  erpWebhookUrl: null,
  // shipment.status_changed for every parcel status change: off, most ERPs want the milestones only.
  erpStatusChangedEvents: false,
  erpSql: null,
  oauthRedirectUri: null,
  // 实时消息: on by default; it only connects once an account is connected.
  pushEnabled: true,
  pushUrl: null,
};

const ERP_SECRET_KEY = 'erpWebhookSecret';
const ERP_SQL_SECRET_KEY = 'erpSqlConnectionString';

export function createSettings(opts: { store: Store; secrets: SecretStore; dataDir: string; env?: NodeJS.ProcessEnv }) {
  const { store, secrets } = opts;
  const env = opts.env ?? {};
  let cache: StoredSettings | null = null;

  function stored(): StoredSettings {
    if (cache) return cache;
    const raw = store.settings.all();
    const merged = { ...DEFAULT_SETTINGS } as Record<string, unknown>;
    for (const k of Object.keys(DEFAULT_SETTINGS)) if (k in raw) merged[k] = raw[k];
    // Environment overrides for headless runs (documented in the README).
    const qps = Number(env.TRACKER_QPS);
    if (env.TRACKER_QPS && Number.isFinite(qps) && qps > 0) merged.qps = Math.min(10, qps);
    if (env.TRACKER_ERP_WEBHOOK_URL) merged.erpWebhookUrl = env.TRACKER_ERP_WEBHOOK_URL;
    if (env.TRACKER_PUSH_URL) merged.pushUrl = env.TRACKER_PUSH_URL;
    cache = merged as StoredSettings;
    return cache;
  }

  return {
    /** Current values (cheap: cached until the next update). */
    current: stored,
    /** Drops the cache after a write that bypassed update() (team settings from the change log). */
    reload() {
      cache = null;
    },
    async view(): Promise<Settings> {
      const hasSecret = Boolean(env.TRACKER_ERP_WEBHOOK_SECRET) || (await secrets.get(ERP_SECRET_KEY)) !== null;
      const hasSqlConnection = (await secrets.get(ERP_SQL_SECRET_KEY)) !== null;
      return { ...stored(), dataDir: opts.dataDir, erpWebhookHasSecret: hasSecret, erpSqlHasConnectionString: hasSqlConnection };
    },
    async update(patch: ParsedInput<'settings.update'>): Promise<void> {
      const { erpWebhookSecret, erpSqlConnectionString, ...rest } = patch;
      if (rest.erpSql) {
        // Templates are compiled when saved: an unknown :name is refused now, not at 3 a.m.
        try {
          parseSqlWritebackSettings(rest.erpSql);
        } catch (e) {
          if (e instanceof SqlWritebackConfigError)
            throw new CoreError('invalid_input', e.message, e.issues.map((i) => ({ ...i, path: `erpSql.${i.path}` })));
          throw e;
        }
      }
      store.transaction(() => {
        for (const [k, v] of Object.entries(rest)) if (v !== undefined) store.settings.set(k, v);
      });
      if (erpWebhookSecret !== undefined) {
        if (erpWebhookSecret === null) await secrets.delete(ERP_SECRET_KEY);
        else await secrets.set(ERP_SECRET_KEY, erpWebhookSecret);
      }
      if (erpSqlConnectionString !== undefined) {
        if (erpSqlConnectionString === null) await secrets.delete(ERP_SQL_SECRET_KEY);
        else await secrets.set(ERP_SQL_SECRET_KEY, erpSqlConnectionString);
      }
      cache = null;
    },
    erpSqlConnectionString: async (): Promise<string | null> => secrets.get(ERP_SQL_SECRET_KEY),
    erpWebhookSecret: async (): Promise<string | null> => env.TRACKER_ERP_WEBHOOK_SECRET ?? (await secrets.get(ERP_SECRET_KEY)),
  };
}

export type SettingsService = ReturnType<typeof createSettings>;
