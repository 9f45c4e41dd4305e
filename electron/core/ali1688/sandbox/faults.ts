// Runs in: main process / headless Node. Fault injection for the sandbox gateway: latency,
// 5xx pages, spurious QoS answers, held (never answered) requests and malformed bodies, drawn per
// request from a seeded PRNG (deterministic for a seed and an arrival order).

import { type Rng, mulberry32, hash32 } from './prng';

export interface SandboxFaults {
  latencyMs?: number;
  /** 0.2 = ±20% */
  latencyJitter?: number;
  error5xxRate?: number;
  qosRate?: number;
  /** Hold the response ~forever (until close). */
  timeoutRate?: number;
  /** Truncated JSON or an HTML error page, with HTTP 200. */
  malformedRate?: number;
  /** Every N authorised calls the valid access tokens expire (the next call answers 401). */
  tokenExpiryEveryNCalls?: number;
}

export type FaultOutcome = 'none' | 'timeout' | '5xx' | 'qos';

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome;
  malformed: boolean;
  /** A uniform draw for picking variants (which 5xx page, where to truncate). */
  variant: number;
}

export class FaultInjector {
  private faults: SandboxFaults = {};
  private readonly r: Rng;

  constructor(seed: number, faults: SandboxFaults = {}) {
    this.r = mulberry32(hash32(seed, 0xfa017));
    this.set(faults);
  }

  set(f: SandboxFaults): void {
    this.faults = { ...f };
  }

  get(): SandboxFaults {
    return { ...this.faults };
  }

  /** Draws the same number of values for every request, whatever is configured. */
  decide(): FaultDecision {
    const f = this.faults;
    const [uLat, uTimeout, u5xx, uQos, uMal, variant] = [this.r(), this.r(), this.r(), this.r(), this.r(), this.r()];
    const base = Math.max(0, f.latencyMs ?? 0);
    const jitter = Math.max(0, f.latencyJitter ?? 0);
    const latencyMs = base > 0 ? Math.max(0, base * (1 + jitter * (2 * uLat - 1))) : 0;
    let outcome: FaultOutcome = 'none';
    if (uTimeout < (f.timeoutRate ?? 0)) outcome = 'timeout';
    else if (u5xx < (f.error5xxRate ?? 0)) outcome = '5xx';
    else if (uQos < (f.qosRate ?? 0)) outcome = 'qos';
    return { latencyMs, outcome, malformed: outcome === 'none' && uMal < (f.malformedRate ?? 0), variant };
  }
}

export interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

const SERVER_ERRORS: readonly [number, string][] = [
  [502, 'Bad Gateway'],
  [503, 'Service Temporarily Unavailable'],
  [504, 'Gateway Time-out'],
  [500, 'Internal Server Error'],
];

/** A 5xx from the load balancer in front of the gateway: an HTML page, not JSON. */
export function serverErrorPage(variant: number): RawReply {
  const [status, text] = SERVER_ERRORS[Math.floor(variant * SERVER_ERRORS.length)] ?? [502, 'Bad Gateway'];
  return {
    status,
    contentType: 'text/html',
    body:
      `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n` +
      `<center><h1>${status} ${text}</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** A 200 answer that is not the JSON it should be: a truncated body, or an HTML page. */
export function malformed(body: string, variant: number): RawReply {
  if (variant < 0.5 && body.length > 2) {
    const cut = Math.max(1, Math.floor(body.length * (0.2 + variant)));
    return { status: 200, contentType: 'application/json;charset=UTF-8', body: body.slice(0, Math.min(cut, body.length - 1)) };
  }
  return {
    status: 200,
    contentType: 'text/html;charset=UTF-8',
    body:
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>系统繁忙</title></head>' +
      '<body><h2>系统繁忙，请稍后再试</h2><p>The system is busy, please try again later.</p></body></html>',
  };
}
