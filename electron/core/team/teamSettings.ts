// Runs in: main process / headless Node.
// Team settings: the alert thresholds. Alerts are computed by each account's poller and replicated,
// so every desktop that may lead must judge with the same thresholds, or an alert would open and
// close as the lease moves. Changed on any desktop: written locally at once, queued as a clerk
// action (idempotency key), applied in PostgreSQL in the server's order, and copied down into
// every desktop's settings from the change log (the replica keeps them as `team.<key>`), so the
// last writer by the server's order wins per field. Everything else stays per desktop: language,
// notifications and quiet hours are the clerk's own; poll cadence and QPS are the poller
// machine's; ERP targets carry secrets (the webhook secret, the SQL connection string) that never
// go to PostgreSQL, and the dispatcher runs on the lease holder, which needs them locally.
import type { Store } from '../store';
import type { TeamMember } from './member';

export const TEAM_SETTING_KEYS = [
  'stallWarnHours',
  'stallAlertHours',
  'businessDaysForStalls',
  'defaultDeliveryDays',
  'witnessStuckHours',
  'witnessRecheckHours',
] as const;

/** Queues the team settings in a settings.update patch (the core already saved them locally). */
export function queueTeamSettings(member: TeamMember, patch: Record<string, unknown>): number {
  let n = 0;
  for (const key of TEAM_SETTING_KEYS)
    if (patch[key] !== undefined) {
      member.act({ kind: 'setting', key, value: patch[key] });
      n++;
    }
  return n;
}

/**
 * Copies the team's values (as replicated) into this desktop's settings; a key with this desktop's
 * own change still waiting to be sent keeps the local value until the server has ordered it.
 * Returns the keys that changed.
 */
export function adoptTeamSettings(store: Store): string[] {
  const changed: string[] = [];
  const waiting = store.db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM team_actions WHERE json_extract(action, '$.kind') = 'setting' AND json_extract(action, '$.key') = ?",
  );
  for (const key of TEAM_SETTING_KEYS) {
    const team = store.settings.get<unknown>(`team.${key}`);
    if (team === undefined || (waiting.get(key)?.n ?? 0) > 0) continue;
    if (JSON.stringify(store.settings.get<unknown>(key)) === JSON.stringify(team)) continue;
    store.settings.set(key, team);
    changed.push(key);
  }
  return changed;
}
