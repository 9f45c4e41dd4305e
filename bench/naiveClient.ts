// The integration loop blog tutorials teach, as B1b's baseline: a plain signed fetch per call,
// one order after another, a parcels call and a trace call each, and a 0.2 s sleep after every
// call "to stay under the limit". Deliberately not our client: no limiter, no pool, no retries.
import { apiUrlPath, signAop } from '../electron/core/ali1688/signature';
import { sleep } from './lib';

export interface NaiveCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
}

const LOGISTICS_INFOS = ['com.alibaba.logistics', 'alibaba.trade.getLogisticsInfos.buyerView'] as const;
const LOGISTICS_TRACE = ['com.alibaba.logistics', 'alibaba.trade.getLogisticsTraceInfo.buyerView'] as const;

async function signedPost(gatewayUrl: string, creds: NaiveCredentials, api: readonly [string, string], params: Record<string, string>): Promise<unknown> {
  const urlPath = apiUrlPath(api[0], api[1], creds.appKey);
  const form: Record<string, string> = { ...params, access_token: creds.accessToken, _aop_timestamp: String(Date.now()) };
  form._aop_signature = signAop(urlPath, form, creds.appSecret);
  const res = await fetch(`${gatewayUrl}/${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: new URLSearchParams(form).toString(),
  });
  return res.json();
}

/** Runs the tutorial loop over `orderIds`; returns the calls made and the failed answers. */
export async function naiveLoop(gatewayUrl: string, creds: NaiveCredentials, orderIds: string[]): Promise<{ calls: number; failed: number }> {
  let calls = 0;
  let failed = 0;
  const call = async (api: readonly [string, string], orderId: string) => {
    calls++;
    const body = (await signedPost(gatewayUrl, creds, api, { orderId, webSite: '1688' })) as { success?: unknown; error_code?: unknown };
    if (body.error_code !== undefined) failed++;
    await sleep(200);
  };
  for (const orderId of orderIds) {
    await call(LOGISTICS_INFOS, orderId);
    await call(LOGISTICS_TRACE, orderId);
  }
  return { calls, failed };
}
