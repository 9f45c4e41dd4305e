/* eslint-disable @typescript-eslint/no-explicit-any -- raw JSON bodies of the gateway under test */
import { afterEach, describe, expect, it } from 'vitest';
import { type SandboxGateway, startSandboxGateway } from '../../../electron/core/ali1688/sandbox';
import { signAop } from '../../../electron/core/ali1688/signature';
import { INFOS, LIST, LOGISTICS, TRACE, TRADE, VIEW, beijing, compact, makeCaller } from './sandboxClient';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 15, 4, 0, 0);

const open: SandboxGateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
});

async function start(opts: Parameters<typeof startSandboxGateway>[0] = {}) {
  let clock = opts.now ? opts.now() : START;
  const gw = await startSandboxGateway({ seed: 1688, orders: 60, startAt: START, now: () => clock, ...opts });
  open.push(gw);
  return {
    gw,
    ...makeCaller(gw),
    setClock: (t: number) => {
      clock = t;
    },
  };
}

describe('sandbox gateway: transport, signature and errors', () => {
  it('binds to 127.0.0.1 and answers system/currentTime with the world clock as a bare JSON string', async () => {
    const { gw, call } = await start();
    expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openapi$/);
    const r = await call('system', 'currentTime', {}, { token: null });
    expect(r.status).toBe(200);
    expect(r.text).toBe(`"${compact(START)}"`);
    expect(r.text).toBe('"20260115120000000+0800"');
  });

  it('verifies the signature: wrong → gw.SignatureInvalid, none → gw.SignatureMissing (HTTP 400)', async () => {
    const { call } = await start();
    const bad = await call(TRADE, LIST, { page: '1' }, { tamper: (p) => (p.page = '2') });
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe('gw.SignatureInvalid');
    expect(typeof bad.json.request_id).toBe('string');
    const none = await call(TRADE, LIST, { page: '1' }, { sign: false });
    expect(none.status).toBe(400);
    expect(none.json.error_code).toBe('gw.SignatureMissing');
    // TOP-style MD5 `sign` is not an _aop_signature.
    const top = await call(TRADE, LIST, { page: '1' }, { sign: false, tamper: (p) => (p.sign = 'ABCDEF') });
    expect(top.json.error_code).toBe('gw.SignatureMissing');
    // Signing with the key-sorted order instead of the concatenated order fails when a key is a prefix of another.
    const { gw } = await start({ port: 0 });
    const urlPath = `param2/1/system/currentTime/${gw.credentials.appKey}`;
    const params: Record<string, string> = { a: 'z', a_b: '1' };
    const keySorted = Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join('');
    const { createHmac } = await import('node:crypto');
    const wrong = createHmac('sha1', gw.credentials.appSecret).update(urlPath + keySorted).digest('hex').toUpperCase();
    expect(wrong).not.toBe(signAop(urlPath, params, gw.credentials.appSecret));
    const res = await fetch(`${gw.url}/${urlPath}`, { method: 'POST', body: new URLSearchParams({ ...params, _aop_signature: wrong }) });
    expect(((await res.json()) as any).error_code).toBe('gw.SignatureInvalid');
  });

  it('accepts GET with a query string, signed over every sent parameter', async () => {
    const { call } = await start();
    const r = await call(TRADE, LIST, { page: '1', pageSize: '5', _aop_timestamp: String(Date.now()) }, { method: 'GET' });
    expect(r.status).toBe(200);
    expect(r.json.result).toHaveLength(5);
  });

  it('routes by path: appKey must be last, unknown keys and APIs are refused', async () => {
    const { gw, call } = await start();
    const missing = await call(TRADE, LIST, {}, { appKeyInPath: false });
    expect(missing.status).toBe(400);
    expect(missing.json.error_code).toBe('gw.AppKeyMissing');
    const unknownKey = await fetch(`${gw.url}/param2/1/${TRADE}/${LIST}/9999999`, { method: 'POST' });
    expect(unknownKey.status).toBe(400);
    expect(((await unknownKey.json()) as any).error_code).toBe('gw.AppKeyNotFound');
    const unknownApi = await call(TRADE, 'alibaba.trade.noSuchThing', {});
    expect(unknownApi.status).toBe(400);
    expect(unknownApi.json.error_code).toBe('gw.APIUnsupported');
    const unknownNs = await call('com.alibaba.nothing', LIST, {});
    expect(unknownNs.json.error_code).toBe('gw.APIUnsupported');
  });

  it('answers 401 "Request need user authorized" for a missing or unknown access token', async () => {
    const { call } = await start();
    for (const token of [null, 'not-a-token']) {
      const r = await call(TRADE, LIST, {}, { token });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ error_code: '401', error_message: 'Request need user authorized' });
      expect(typeof r.json.request_id).toBe('string');
    }
  });

  it('checks required business parameters: gw.ParamMissing', async () => {
    const { call } = await start();
    const r = await call(LOGISTICS, TRACE, { webSite: '1688' });
    expect(r.status).toBe(400);
    expect(r.json.error_code).toBe('gw.ParamMissing');
    expect(r.json.error_message).toContain('orderId');
    const v = await call(TRADE, VIEW, { orderId: '3700000000000000000' });
    expect(v.json.error_code).toBe('gw.ParamMissing');
  });

  it('logs every request: arrival time, api, status, error code, token validity', async () => {
    const { gw, call } = await start();
    const before = Date.now();
    await call(TRADE, LIST, {});
    await call(TRADE, LIST, {}, { token: 'nope' });
    await call(TRADE, LIST, {}, { sign: false });
    expect(gw.log).toHaveLength(3);
    expect(gw.log[0]).toMatchObject({ api: `${TRADE}/${LIST}`, httpStatus: 200, accessTokenValid: true });
    expect(gw.log[0]!.errorCode).toBeUndefined();
    expect(gw.log[1]).toMatchObject({ httpStatus: 401, errorCode: '401', accessTokenValid: false });
    expect(gw.log[2]).toMatchObject({ httpStatus: 400, errorCode: 'gw.SignatureMissing', accessTokenValid: true });
    expect(gw.log[0]!.at).toBeGreaterThanOrEqual(before);
  });
});

describe('sandbox gateway: tokens and OAuth', () => {
  it('expires the access token (401), and a refresh (param2 or http, either spelling) brings it back', async () => {
    const { gw, call, refresh, state } = await start();
    expect((await call(TRADE, LIST, {})).status).toBe(200);
    gw.expireAccessToken();
    expect((await call(TRADE, LIST, {})).status).toBe(401);
    const r = await refresh();
    expect(r.status).toBe(200);
    expect(r.json.expires_in).toBe('36000');
    expect(r.json.access_token).not.toBe(gw.credentials.accessToken);
    expect((await call(TRADE, LIST, {})).status).toBe(200);
    const old = state.token;
    const r2 = await refresh({ protocol: 'http', camel: true });
    expect(r2.status).toBe(200);
    expect(state.token).not.toBe(old);
    expect((await call(TRADE, LIST, {})).status).toBe(200);
    // A refresh with a wrong secret or token is refused.
    const bad = await fetch(`${gw.url}/param2/1/system.oauth2/getToken/${gw.credentials.appKey}`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: gw.credentials.appKey, client_secret: gw.credentials.appSecret, refresh_token: 'nope' }),
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(((await bad.json()) as any).error).toBe('invalid_grant');
  });

  it('expires access tokens by the world clock (10 h by default)', async () => {
    const { call, refresh, setClock } = await start();
    setClock(START + 10 * HOUR - 1);
    expect((await call(TRADE, LIST, {})).status).toBe(200);
    setClock(START + 10 * HOUR);
    expect((await call(TRADE, LIST, {})).status).toBe(401);
    expect((await refresh()).status).toBe(200);
    expect((await call(TRADE, LIST, {})).status).toBe(200);
  });

  it('rotates tokens every N calls when told to', async () => {
    const { gw, call, refresh } = await start({ faults: { tokenExpiryEveryNCalls: 3 } });
    for (let i = 0; i < 3; i++) expect((await call(TRADE, LIST, {})).status).toBe(200);
    expect((await call(TRADE, LIST, {})).status).toBe(401);
    await refresh();
    expect((await call(TRADE, LIST, {})).status).toBe(200);
    expect(gw.log.filter((e) => e.httpStatus === 401)).toHaveLength(1);
  });

  it('serves an authorize page that redirects with a single-use code, exchanged at http/1 getToken', async () => {
    const { gw, call } = await start();
    const base = gw.url.replace(/\/openapi$/, '');
    const redirect = 'http://127.0.0.1:9/callback?x=1';
    const res = await fetch(
      `${base}/oauth/authorize?client_id=${gw.credentials.appKey}&site=1688&redirect_uri=${encodeURIComponent(redirect)}&state=st%20ate`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(`${loc.origin}${loc.pathname}`).toBe('http://127.0.0.1:9/callback');
    expect(loc.searchParams.get('x')).toBe('1');
    expect(loc.searchParams.get('state')).toBe('st ate');
    const code = loc.searchParams.get('code')!;
    expect(code).toBeTruthy();
    const exchange = () =>
      fetch(`${gw.url}/http/1/system.oauth2/getToken/${gw.credentials.appKey}`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          need_refresh_token: 'true',
          client_id: gw.credentials.appKey,
          client_secret: gw.credentials.appSecret,
          redirect_uri: redirect,
          code,
        }),
      });
    const tok = await exchange();
    expect(tok.status).toBe(200);
    const body = (await tok.json()) as any;
    expect(body).toMatchObject({ expires_in: '36000', resource_owner: expect.any(String), memberId: expect.any(String) });
    expect(body.refresh_token_timeout).toMatch(/^\d{17}\+0800$/);
    expect((await call(TRADE, LIST, {}, { token: body.access_token })).status).toBe(200);
    const again = await exchange();
    expect(again.status).toBe(400);
    expect(((await again.json()) as any).error).toBe('invalid_grant');
    // Unknown client.
    const bad = await fetch(`${base}/oauth/authorize?client_id=nope&redirect_uri=${encodeURIComponent(redirect)}`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
  });
});

describe('sandbox gateway: business answers', () => {
  it('writes 19-digit ids as bare number literals next to their string twins', async () => {
    const { call } = await start();
    const r = await call(TRADE, LIST, { pageSize: '10' });
    expect(r.text).toMatch(/"id":37\d{17}[,}]/);
    expect(r.text).toMatch(/"idOfStr":"37\d{17}"/);
    expect(r.text).toMatch(/"subItemID":37\d{17}[,}]/);
    expect(r.text).toMatch(/"subItemIDString":"37\d{17}"/);
    // JSON.parse rounds the number: the string twin is the one to trust.
    const first = r.json.result[0].baseInfo;
    const literal = /"id":(\d{19})/.exec(r.text)![1]!;
    expect(literal).toBe(first.idOfStr);
    expect(String(first.id)).not.toBe(first.idOfStr);
    const shipped = r.json.result.find((x: any) => x.baseInfo.status === 'waitbuyerreceive');
    const t = await call(LOGISTICS, TRACE, { orderId: shipped.baseInfo.idOfStr, webSite: '1688' });
    expect(t.text).toContain(`"orderId":${shipped.baseInfo.idOfStr}`);
  });

  it('pages the order list newest created first, with filters on status and time windows', async () => {
    const { gw, call } = await start({ orders: 130 });
    const truth = gw.world.truthAt(START);
    const all: any[] = [];
    for (let page = 1; ; page++) {
      const r = await call(TRADE, LIST, { page: String(page), pageSize: '50' });
      expect(r.json.totalRecord).toBe(truth.length);
      expect(r.json.success).toBe(true);
      all.push(...r.json.result);
      if (r.json.result.length < 50) break;
    }
    expect(all.map((o) => o.baseInfo.idOfStr).sort()).toEqual(truth.map((o) => o.orderId).sort());
    const created = all.map((o) => o.baseInfo.createTime as string);
    expect([...created].sort().reverse()).toEqual(created);
    // pageSize is capped at pageSizeMax.
    expect((await call(TRADE, LIST, { pageSize: '500' })).json.result).toHaveLength(50);
    // Status filter.
    const want = truth.filter((o) => o.status1688 === 'waitbuyerreceive').map((o) => o.orderId).sort();
    const got = await call(TRADE, LIST, { orderStatus: 'waitbuyerreceive', pageSize: '50' });
    expect(got.json.totalRecord).toBe(want.length);
    expect(got.json.result.every((o: any) => o.baseInfo.status === 'waitbuyerreceive')).toBe(true);
    // Modify window: exactly the orders changed since then.
    const since = START - 2 * DAY;
    const changed = truth.filter((o) => o.modifiedAt >= since).map((o) => o.orderId).sort();
    const win = await call(TRADE, LIST, { modifyStartTime: compact(since), modifyEndTime: compact(START), pageSize: '50' });
    expect(win.json.totalRecord).toBe(changed.length);
    expect(win.json.result.map((o: any) => o.baseInfo.idOfStr).sort()).toEqual(changed.slice(0, 50).length === changed.length ? changed : expect.any(Array));
    for (const o of win.json.result) expect(o.baseInfo.modifyTime >= compact(since)).toBe(true);
    // Create window.
    const created5 = truth.filter((o) => o.createdAt >= START - 5 * DAY).length;
    expect((await call(TRADE, LIST, { createStartTime: compact(START - 5 * DAY) })).json.totalRecord).toBe(created5);
    // A malformed time is refused.
    expect((await call(TRADE, LIST, { modifyStartTime: '2026-01-01' })).status).toBe(400);
  });

  it('agrees exactly with truthAt(now): statuses, parcels, waybills and trace steps', async () => {
    const { gw, call, refresh, setClock } = await start({ orders: 60, qpsCap: 100_000 });
    for (const t of [START, START + 2 * DAY + 3 * HOUR]) {
      setClock(t);
      if (t > START) expect((await refresh()).status).toBe(200); // the world clock moved past the token's 10 h
      const truth = gw.world.truthAt(t);
      for (const o of truth) {
        const v = await call(TRADE, VIEW, { orderId: o.orderId, webSite: '1688' });
        expect(v.status).toBe(200);
        expect(v.json.success).toBe('true');
        expect(v.json.result.baseInfo.idOfStr).toBe(o.orderId);
        expect(v.json.result.baseInfo.status).toBe(o.status1688);
        expect(v.json.result.baseInfo.modifyTime).toBe(compact(o.modifiedAt));
        expect(v.json.result.nativeLogistics.logisticsItems ?? []).toHaveLength(o.parcels.length);

        const infos = await call(LOGISTICS, INFOS, { orderId: o.orderId, webSite: '1688' });
        if (o.parcels.length === 0) {
          expect(infos.json).toMatchObject({ success: false, errorCode: '500_2' });
          continue;
        }
        expect(infos.json.success).toBe(true);
        expect(
          infos.json.result.map((p: any) => [p.logisticsId, p.logisticsBillNo, p.logisticsCompanyNo, p.status, p.logisticsCompanyName]),
        ).toEqual(o.parcels.map((p) => [p.logisticsId, p.billNo, p.carrierCode, p.status1688, `${p.carrierName}(${p.carrierCode})`]));

        const tr = await call(LOGISTICS, TRACE, { orderId: o.orderId, webSite: '1688' });
        const withSteps = o.parcels.filter((p) => p.steps.length > 0);
        if (withSteps.length === 0) {
          expect(tr.json).toMatchObject({ success: false, errorCode: '404' });
          continue;
        }
        expect(tr.json.success).toBe(true);
        expect(tr.json.result).toBeUndefined();
        expect(
          tr.json.logisticsTrace.map((x: any) => ({
            id: x.logisticsId,
            bill: x.logisticsBillNo,
            steps: x.logisticsSteps.map((s: any) => [s.acceptTime, s.remark]),
          })),
        ).toEqual(withSteps.map((p) => ({ id: p.logisticsId, bill: p.billNo, steps: p.steps.map((s) => [beijing(s.at), s.remark]) })));
        // logisticsId picks one parcel.
        const one = await call(LOGISTICS, TRACE, { orderId: o.orderId, webSite: '1688', logisticsId: withSteps[0]!.logisticsId });
        expect(one.json.logisticsTrace).toHaveLength(1);
      }
    }
  });

  it('answers 500_2 until the seller ships, then the parcel appears (404 trace until the first scan)', async () => {
    const { gw, call, setClock } = await start({ orders: 200, accessTokenTtlMs: 365 * DAY });
    const end = gw.world.truthAt(gw.world.finishedAt());
    const atStart = new Map(gw.world.truthAt(START).map((o) => [o.orderId, o]));
    const later = end.find((o) => {
      const s = atStart.get(o.orderId);
      return s && s.parcels.length === 0 && o.parcels.length === 1;
    })!;
    expect(later).toBeDefined();
    const p = later.parcels[0]!;
    const r1 = await call(LOGISTICS, INFOS, { orderId: later.orderId, webSite: '1688' });
    expect(r1.status).toBe(200);
    expect(r1.json).toEqual({ success: false, errorCode: '500_2', errorMessage: '该订单未发货' });
    setClock(p.shippedAt);
    const r2 = await call(LOGISTICS, INFOS, { orderId: later.orderId, webSite: '1688' });
    expect(r2.json.success).toBe(true);
    expect(r2.json.result[0]).toMatchObject({ logisticsId: p.logisticsId, status: 'WAITACCEPT' });
    const tr = await call(LOGISTICS, TRACE, { orderId: later.orderId, webSite: '1688' });
    expect(tr.json).toEqual({ success: false, errorCode: '404', errorMessage: '没有物流跟踪信息' });
    setClock(p.steps[0]!.at);
    const tr2 = await call(LOGISTICS, TRACE, { orderId: later.orderId, webSite: '1688' });
    expect(tr2.json.logisticsTrace[0].logisticsSteps).toEqual([{ acceptTime: beijing(p.steps[0]!.at), remark: p.steps[0]!.remark }]);
    // Order status moved from waitsellersend to waitbuyerreceive, and modifyTime with it.
    const v = await call(TRADE, VIEW, { orderId: later.orderId, webSite: '1688' });
    expect(v.json.result.baseInfo.status).toBe('waitbuyerreceive');
    expect(v.json.result.baseInfo.modifyTime).toBe(compact(p.shippedAt));
  });

  it('refuses orders that are not the buyer\'s, or not created yet: order.nopermission.buyer', async () => {
    const { gw, call, setClock } = await start();
    const r = await call(LOGISTICS, TRACE, { orderId: '3700000000000000001', webSite: '1688' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: false, errorCode: 'order.nopermission.buyer' });
    const first = gw.world.truthAt(START).sort((a, b) => a.createdAt - b.createdAt)[0]!;
    setClock(first.createdAt - 1);
    const v = await call(TRADE, VIEW, { orderId: first.orderId, webSite: '1688' });
    expect(v.json).toMatchObject({ success: 'false', errorCode: 'order.nopermission.buyer' });
    const list = await call(TRADE, LIST, {});
    expect(list.json.totalRecord).toBe(0);
    expect(list.json.result).toEqual([]);
  });

  it('lists logistics companies with their codes', async () => {
    const { call } = await start();
    const r = await call(LOGISTICS, 'alibaba.logistics.OpQueryLogisticCompanyList', {});
    expect(r.json.success).toBe(true);
    const codes = r.json.result.map((c: any) => c.companyNo);
    for (const c of ['ZTO', 'YTO', 'STO', 'YUNDA', 'SF', 'JTSD', 'EMS', 'JD']) expect(codes).toContain(c);
    expect(r.json.result.find((c: any) => c.companyNo === 'ZTO')).toMatchObject({ id: 3, companyName: '中通快递' });
  });
});

describe('sandbox gateway: QoS and faults', () => {
  it('enforces the QoS cap over a sliding second, and the log shows the burst', async () => {
    const { gw, call } = await start({ qpsCap: 5 });
    const results = await Promise.all(Array.from({ length: 15 }, () => call('system', 'currentTime', {}, { token: null })));
    const qos = results.filter((r) => r.status === 400 && r.json?.error_code === 'gw.QosAppFrequencyLimit');
    const ok = results.filter((r) => r.status === 200);
    expect(qos.length).toBeGreaterThan(0);
    expect(ok.length + qos.length).toBe(15);
    // The invariant: never more than the cap admitted within any 1000 ms.
    const admitted = gw.log.filter((e) => e.httpStatus === 200).map((e) => e.at);
    for (const t of admitted) expect(admitted.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
    expect(qos[0]!.json.error_message).toBe('App call exceeds limited frequency');
    const spread = Math.max(...gw.log.map((e) => e.at)) - Math.min(...gw.log.map((e) => e.at));
    if (spread < 1000) {
      expect(gw.maxArrivalsInAnyWindow()).toBe(15);
      expect(ok.length).toBe(5);
    }
    expect(gw.maxArrivalsInAnyWindow(1)).toBeLessThanOrEqual(15);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call('system', 'currentTime', {}, { token: null })).status).toBe(200);
  });

  it('holds timed-out requests open, and close() releases them quickly', async () => {
    const { gw, call } = await start({ faults: { timeoutRate: 1 } });
    const pending = call('system', 'currentTime', {}, { token: null }).then(
      () => 'answered',
      () => 'failed',
    );
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('held'), 300))]);
    expect(raced).toBe('held');
    expect(gw.log[0]).toMatchObject({ httpStatus: 0, errorCode: 'fault.timeout' });
    await gw.close();
    // close() ended the held socket: the request fails instead of hanging.
    expect(await pending).toBe('failed');
  });

  it('injects 5xx pages, malformed bodies, spurious QoS and latency', async () => {
    const { gw, call } = await start({ faults: { error5xxRate: 1 } });
    const a = await call(TRADE, LIST, {});
    expect(a.status).toBeGreaterThanOrEqual(500);
    expect(a.json).toBeUndefined();
    gw.setFaults({ malformedRate: 1 });
    const b = await call(TRADE, LIST, {});
    expect(b.status).toBe(200);
    expect(b.json).toBeUndefined();
    gw.setFaults({ qosRate: 1 });
    expect((await call(TRADE, LIST, {})).json.error_code).toBe('gw.QosAppFrequencyLimit');
    gw.setFaults({ latencyMs: 150, latencyJitter: 0.2 });
    const t0 = Date.now();
    expect((await call(TRADE, LIST, {})).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    gw.setFaults({});
    expect((await call(TRADE, LIST, {})).status).toBe(200);
    expect(gw.log.map((e) => e.errorCode)).toEqual(['fault.5xx', 'fault.malformed', 'gw.QosAppFrequencyLimit', undefined, undefined]);
  });

  it('draws faults from the seed: the same calls fail the same way on two instances', async () => {
    const statuses = async () => {
      const { call } = await start({ qpsCap: 1000, faults: { error5xxRate: 0.3, malformedRate: 0.2 } });
      const out: string[] = [];
      for (let i = 0; i < 25; i++) {
        const r = await call(TRADE, LIST, { page: String(i + 1) });
        out.push(`${r.status}:${r.json === undefined ? 'bad' : 'ok'}`);
      }
      return out;
    };
    const a = await statuses();
    const b = await statuses();
    expect(a).toEqual(b);
    expect(a.some((s) => s.startsWith('5'))).toBe(true);
    expect(a.some((s) => s === '200:bad')).toBe(true);
    expect(a.some((s) => s === '200:ok')).toBe(true);
  });

  it('serves a 1,000-order world: every open order listed once, traces answered', async () => {
    const { call } = await start({ orders: 1000, qpsCap: 100_000 });
    let total = 0;
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const r = await call(TRADE, LIST, { page: String(page), pageSize: '50', orderStatus: 'waitbuyerreceive,waitsellersend' });
      total = r.json.totalRecord;
      ids.push(...r.json.result.map((o: any) => o.baseInfo.idOfStr));
      if (r.json.result.length < 50) break;
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(ids.length);
    const traces = await Promise.all(ids.slice(0, 200).map((id) => call(LOGISTICS, TRACE, { orderId: id, webSite: '1688' })));
    for (const t of traces) expect(t.status).toBe(200);
  });
});
