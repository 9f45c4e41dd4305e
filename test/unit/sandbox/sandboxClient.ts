/* eslint-disable @typescript-eslint/no-explicit-any -- raw JSON bodies of the gateway under test */
// A minimal hand-signed client for the sandbox tests: built from the protocol doc, not from the
// app's client, so the tests check the gateway against the protocol.
import { signAop } from '../../../electron/core/ali1688/signature';
import type { SandboxGateway } from '../../../electron/core/ali1688/sandbox';

export interface CallResult {
  status: number;
  text: string;
  json: any;
}

export interface CallOptions {
  token?: string | null;
  sign?: boolean;
  method?: 'GET' | 'POST';
  /** Mutate params after signing (to break the signature). */
  tamper?: (p: Record<string, string>) => void;
  appKeyInPath?: boolean;
}

export function makeCaller(gw: SandboxGateway, state: { token: string } = { token: gw.credentials.accessToken }) {
  const call = async (ns: string, api: string, params: Record<string, string> = {}, o: CallOptions = {}): Promise<CallResult> => {
    const { appKey, appSecret } = gw.credentials;
    const urlPath = o.appKeyInPath === false ? `param2/1/${ns}/${api}` : `param2/1/${ns}/${api}/${appKey}`;
    const p: Record<string, string> = { ...params };
    const token = o.token === undefined ? state.token : o.token;
    if (token) p.access_token = token;
    if (o.sign !== false) p._aop_signature = signAop(urlPath, p, appSecret);
    o.tamper?.(p);
    const body = new URLSearchParams(p).toString();
    const res =
      o.method === 'GET'
        ? await fetch(`${gw.url}/${urlPath}?${body}`)
        : await fetch(`${gw.url}/${urlPath}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
            body,
          });
    const text = await res.text();
    let json: any = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  };
  const refresh = async (opts: { protocol?: 'param2' | 'http'; camel?: boolean } = {}): Promise<CallResult> => {
    const { appKey, appSecret, refreshToken } = gw.credentials;
    const p: Record<string, string> = { grant_type: 'refresh_token', client_id: appKey, client_secret: appSecret };
    p[opts.camel ? 'refreshToken' : 'refresh_token'] = refreshToken;
    const res = await fetch(`${gw.url}/${opts.protocol ?? 'param2'}/1/system.oauth2/getToken/${appKey}`, {
      method: 'POST',
      body: new URLSearchParams(p),
    });
    const text = await res.text();
    const json = JSON.parse(text);
    if (res.status === 200 && json.access_token) state.token = json.access_token;
    return { status: res.status, text, json };
  };
  return { call, refresh, state };
}

export const TRADE = 'com.alibaba.trade';
export const LOGISTICS = 'com.alibaba.logistics';
export const LIST = 'alibaba.trade.getBuyerOrderList';
export const VIEW = 'alibaba.trade.get.buyerView';
export const INFOS = 'alibaba.trade.getLogisticsInfos.buyerView';
export const TRACE = 'alibaba.trade.getLogisticsTraceInfo.buyerView';

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, written independently of the sandbox's helper. */
export function beijing(t: number): string {
  return new Date(t + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

export function compact(t: number): string {
  const s = new Date(t + 8 * 3600_000).toISOString();
  return s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10) + s.slice(11, 13) + s.slice(14, 16) + s.slice(17, 19) + s.slice(20, 23) + '+0800';
}
