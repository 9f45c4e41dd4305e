// A parcel's status with its evidence: the step and rule that decided it, and what 1688's own
// parcel status (the second witness: getLogisticsInfos `status`) says about it. Pure.
//
// - 1688's structured status decides when it is conclusive (CANCEL, SIGN, NOGET, a fresh UNSIGN):
//   deriveShipmentStatus applies those overrides; the evidence then names `status1688.<CODE>`.
// - A `delivered` or `returned` read from text the classifier calls doubtful is HELD (the parcel
//   keeps its last open stage) until 1688's status has been read after that step: SIGN confirms
//   it; a status that contradicts it keeps it held and is shown; no status at all lets the text
//   stand. So nothing reaches the ERP as delivered while the two disagree and neither is conclusive.
// - The node a push announced (LOGISTICS_BUYER_VIEW_TRACE `statusChanged`: SIGN, AGENT_SIGN,
//   FAILED …) is a third witness, shown next to the others: it agrees with the text or contradicts
//   it, and never decides. A push is a hint, not data of record: it triggers the re-read (the
//   router refreshes the order), and the re-read's text and 1688's status decide.
import type { ShipmentStatus, Stage } from '../../../shared/domain';
import * as classifier from './classifyRemark';
import type { RemarkVerdict } from './classifyRemark';
import { deriveShipmentStatus } from './shipmentStatus';

export type WitnessAgreement = 'agrees' | 'contradicts' | 'unknown';

/** Stored on the parcel (JSON) and shown as 判定依据. Short keys: it is written on every status change. */
export interface ParcelEvidence {
  /** Classifier rule id, `status1688.<CODE>` when 1688's status decided, `no_steps` without a step. */
  rule: string;
  by: 'text' | 'status1688' | 'none';
  /** The deciding step (the newest): time and text; null without steps. */
  at: number | null;
  remark: string | null;
  /** The stage the text gives that step. */
  stage: Stage | null;
  doubtful: boolean;
  /** 1688's parcel status as last read, and when it was read (our clock). */
  s1688: string | null;
  s1688At: number | null;
  witness: WitnessAgreement;
  /** A doubtful delivered/returned waiting for (or contradicted by) 1688's status. */
  held: boolean;
  /** The node the newest push for this parcel announced, and when it was reached (gmtBorn). */
  push: string | null;
  pushAt: number | null;
  /** Whether that push agrees with the text's stage of the newest step (never decides the status). */
  pushWitness: WitnessAgreement;
}

export interface JudgeInput {
  newest: { at: number; remark: string; stage: Stage } | undefined;
  /** The classifier's verdict on the newest step's text (rule and doubt); its stage is the stored one. */
  verdict: Pick<RemarkVerdict, 'rule' | 'doubtful'> | null;
  /** The stage of the newest step that is not delivered/returned: what a held parcel shows. */
  openStage: Stage | undefined;
  status1688: string | null;
  status1688At: number | null;
  hasBillNo: boolean;
  /** The newest node a push announced for the parcel (a hint: shown, never deciding). */
  pushed?: { node: string; at: number | null } | null;
}

export interface Judgement {
  status: ShipmentStatus;
  evidence: ParcelEvidence;
  /** 1688's status should be read now (a doubtful terminal step it has not been asked about). */
  wantsWitness: boolean;
}

/** Text stages each 1688 parcel status is consistent with. */
const CONSISTENT: Readonly<Record<string, readonly Stage[]>> = {
  WAITACCEPT: ['info_received'],
  ACCEPT: ['info_received', 'picked_up', 'in_transit'],
  TRANSPORT: ['picked_up', 'in_transit', 'out_for_delivery', 'awaiting_pickup', 'failed_attempt', 'exception', 'returning'],
  UNSIGN: ['out_for_delivery', 'failed_attempt', 'exception', 'awaiting_pickup', 'returning'],
  SIGN: ['delivered', 'returned'],
  NOGET: ['info_received', 'exception'],
  CANCEL: ['info_received', 'exception', 'returning', 'returned'],
};
/** 1688 statuses that only say "not that far yet": read before a newer step, they are stale, not contrary. */
const BEHIND = new Set(['WAITACCEPT', 'ACCEPT', 'TRANSPORT']);
const TERMINAL_TEXT: readonly Stage[] = ['delivered', 'returned'];

export const normalizeStatus1688 = (s: string | null): string | null => {
  const t = (s ?? '').trim().toUpperCase();
  return t ? t : null;
};

/** Whether 1688's status agrees with the text's stage of the newest step. */
export function witnessOf(stage: Stage | null, status1688: string | null, readAt: number | null, stepAt: number | null): WitnessAgreement {
  const code = normalizeStatus1688(status1688);
  if (!code || !stage || !(code in CONSISTENT)) return 'unknown';
  if ((CONSISTENT[code] as readonly Stage[]).includes(stage)) return 'agrees';
  // Read before the step happened: it cannot speak about it.
  if (BEHIND.has(code) && (readAt === null || stepAt === null || readAt < stepAt)) return 'unknown';
  return 'contradicts';
}

/** Text stages each pushed node (LOGISTICS_BUYER_VIEW_TRACE `statusChanged`, §11.2) is consistent with. */
const CONSISTENT_NODE: Readonly<Record<string, readonly Stage[]>> = {
  CONSIGN: ['info_received'],
  ACCEPT: ['picked_up'],
  TRANSPORT: ['picked_up', 'in_transit'],
  DELIVERING: ['out_for_delivery'],
  AGENT_SIGN: ['awaiting_pickup'],
  SIGN: ['delivered'],
  FAILED: ['failed_attempt', 'exception', 'returning', 'returned'],
};

/**
 * Whether the node a push announced agrees with the text's stage of the newest step. A push is
 * sent at the FIRST arrival in a node, so one about a time before the newest step speaks of an
 * earlier step (unknown unless consistent); one at or after it that names another node contradicts
 * the text until a re-read shows that step.
 */
export function pushWitnessOf(stage: Stage | null, node: string | null, pushAt: number | null, stepAt: number | null): WitnessAgreement {
  const code = normalizeStatus1688(node);
  if (!code || !stage || !(code in CONSISTENT_NODE)) return 'unknown';
  if ((CONSISTENT_NODE[code] as readonly Stage[]).includes(stage)) return 'agrees';
  if (pushAt === null || stepAt === null || pushAt < stepAt) return 'unknown';
  return 'contradicts';
}

export function judgeParcel(input: JudgeInput): Judgement {
  const { newest, status1688, status1688At } = input;
  const code = normalizeStatus1688(status1688);
  const steps = newest ? [{ at: newest.at, stage: newest.stage }] : [];
  let status = deriveShipmentStatus({ steps, status1688, hasBillNo: input.hasBillNo });
  const textStatus = deriveShipmentStatus({ steps, status1688: null, hasBillNo: input.hasBillNo });
  const witness = witnessOf(newest?.stage ?? null, status1688, status1688At, newest?.at ?? null);
  const doubtful = input.verdict?.doubtful ?? false;
  let held = false;
  let wantsWitness = false;
  if (newest && doubtful && TERMINAL_TEXT.includes(newest.stage) && status === newest.stage && code !== 'SIGN') {
    const askedSince = status1688At !== null && status1688At >= newest.at;
    if (!askedSince) {
      held = true;
      wantsWitness = true;
    } else if (witness === 'contradicts') {
      held = true;
    }
    if (held) status = input.openStage ?? (newest.stage === 'returned' ? 'returning' : 'in_transit');
  }
  const by: ParcelEvidence['by'] = status !== textStatus && !held && code ? 'status1688' : newest ? 'text' : 'none';
  const rule = by === 'status1688' ? `status1688.${code}` : newest ? (input.verdict?.rule ?? `stage.${newest.stage}`) : 'no_steps';
  return {
    status,
    wantsWitness,
    evidence: {
      rule,
      by,
      at: newest?.at ?? null,
      remark: newest?.remark ?? null,
      stage: newest?.stage ?? null,
      doubtful,
      s1688: code,
      s1688At: status1688At,
      witness,
      held,
      push: normalizeStatus1688(input.pushed?.node ?? null),
      pushAt: input.pushed?.at ?? null,
      pushWitness: pushWitnessOf(newest?.stage ?? null, input.pushed?.node ?? null, input.pushed?.at ?? null, newest?.at ?? null),
    },
  };
}

/**
 * What the parcel row stores (`shipments.evidence`, JSON): only what its other columns do not
 * hold. The deciding step is always the row's newest (last_event_at, last_remark, last_stage) and
 * 1688's status the row's (status_1688, status_1688_at): each read of it judges the parcel again.
 */
export type StoredEvidence = Pick<ParcelEvidence, 'rule' | 'by' | 'doubtful' | 'witness' | 'held'> &
  Partial<Pick<ParcelEvidence, 'push' | 'pushAt' | 'pushWitness'>>;

export function storedEvidence(e: ParcelEvidence): string {
  const stored: StoredEvidence = { rule: e.rule, by: e.by, doubtful: e.doubtful, witness: e.witness, held: e.held };
  // The push witness only when a push named the parcel (most parcels' evidence stays as short as before).
  if (e.push) Object.assign(stored, { push: e.push, pushAt: e.pushAt, pushWitness: e.pushWitness });
  return JSON.stringify(stored);
}

/** The parcel's evidence from its row, or null when it has not been judged yet. */
export function parseEvidence(row: {
  evidence: string | null;
  last_event_at: number | null;
  last_remark: string | null;
  last_stage: Stage | null;
  status_1688: string | null;
  status_1688_at: number | null;
}): ParcelEvidence | null {
  if (!row.evidence) return null;
  let v: StoredEvidence;
  try {
    v = JSON.parse(row.evidence) as StoredEvidence;
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || typeof v.rule !== 'string') return null;
  return {
    ...v,
    push: typeof v.push === 'string' ? v.push : null,
    pushAt: typeof v.pushAt === 'number' ? v.pushAt : null,
    pushWitness: v.pushWitness === 'agrees' || v.pushWitness === 'contradicts' ? v.pushWitness : 'unknown',
    at: row.last_event_at,
    remark: row.last_remark,
    stage: row.last_stage,
    s1688: normalizeStatus1688(row.status_1688),
    s1688At: row.status_1688_at,
  };
}

const STATUS_1688_TEXT: Readonly<Record<string, { zh: string; en: string }>> = {
  SIGN: { zh: '1688 物流状态为已签收（SIGN）', en: "1688's parcel status is signed (SIGN)" },
  NOGET: { zh: '1688 物流状态为揽收失败（NOGET）', en: "1688's parcel status is pickup failed (NOGET)" },
  UNSIGN: { zh: '1688 物流状态为未签收（UNSIGN）', en: "1688's parcel status is not signed (UNSIGN)" },
  CANCEL: { zh: '1688 物流状态为已取消（CANCEL）', en: "1688's parcel status is cancelled (CANCEL)" },
};

/**
 * What a rule id means, Chinese and English: 1688's statuses here, the classifier's rules from its
 * own table (RULE_DESCRIPTIONS, when the classifier has one), else a plain fallback naming the id.
 */
export function describeRule(rule: string): { zh: string; en: string } {
  if (rule.startsWith('status1688.')) {
    const code = rule.slice('status1688.'.length);
    return STATUS_1688_TEXT[code] ?? { zh: `1688 物流状态 ${code}`, en: `1688's parcel status ${code}` };
  }
  if (rule === 'no_steps') return { zh: '尚无物流轨迹', en: 'No tracking steps yet' };
  const table = (classifier as { RULE_DESCRIPTIONS?: Readonly<Record<string, { zh: string; en: string }>> }).RULE_DESCRIPTIONS;
  const known = table?.[rule];
  if (known) return known;
  return { zh: `按轨迹文字判定（规则 ${rule}）`, en: `Decided from the tracking text (rule ${rule})` };
}
