// Runs in: main process / headless Node. What the sandbox gateway's routes answer with: a reply
// (status, body, the error code the request log records), the JSON reply, the gateway's own error
// (thrown by a route, answered in the gateway's error shape) and the request's parameters.
import { stringifyBig } from './bigJson';
import type { RawReply } from './faults';

const JSON_TYPE = 'application/json;charset=UTF-8';

export interface Reply extends RawReply {
  errorCode?: string;
  headers?: Record<string, string>;
}

export function json(status: number, value: unknown, errorCode?: string): Reply {
  return { status, contentType: JSON_TYPE, body: stringifyBig(value), errorCode };
}

/** Thrown by a route: answered as `{error_code, error_message, request_id}` with this status. */
export class GatewayError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

export type Params = Record<string, string>;
