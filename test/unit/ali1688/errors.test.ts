import { describe, expect, it } from 'vitest';
import {
  GATEWAY_ERROR_KINDS,
  GatewayError,
  classifyGatewayFailure,
  malformedError,
  redactSecrets,
  type GatewayErrorKind,
} from '../../../electron/core/ali1688/errors';

const gw = (code: string, message = 'x') => ({ error_code: code, error_message: message, request_id: 'r1' });

describe('classifyGatewayFailure (1688-open-api.md §6)', () => {
  const table: [string, number, unknown, GatewayErrorKind, string | undefined][] = [
    ['QoS', 400, gw('gw.QosAppFrequencyLimit', 'App call exceeds limited frequency'), 'rate_limited', 'gw.QosAppFrequencyLimit'],
    ['token 401 code', 401, { error_code: '401', error_message: 'Request need user authorized' }, 'unauthorized', '401'],
    ['token text, other code', 400, { error_code: 'x', exception: 'Request need user authenticated' }, 'unauthorized', 'x'],
    ['token text only', 400, { error_message: 'User authorization is required' }, 'unauthorized', undefined],
    ['bare HTTP 401', 401, '', 'unauthorized', undefined],
    ['signature invalid', 400, gw('gw.SignatureInvalid'), 'signature', 'gw.SignatureInvalid'],
    ['signature missing', 400, gw('gw.SignatureMissing'), 'signature', 'gw.SignatureMissing'],
    ['acl', 400, gw('gw.APIACLDecline', 'AppKey is not allowed(acl)'), 'acl', 'gw.APIACLDecline'],
    ['appkey missing', 400, gw('gw.AppKeyMissing'), 'acl', 'gw.AppKeyMissing'],
    ['param missing', 400, gw('gw.ParamMissing'), 'bad_request', 'gw.ParamMissing'],
    ['api unsupported', 400, gw('gw.APIUnsupported'), 'api_unsupported', 'gw.APIUnsupported'],
    ['not shipped', 200, { success: false, errorCode: '500_2', errorMessage: '订单未发货' }, 'not_found', '500_2'],
    ['no trace 404', 200, { success: 'false', errorCode: '404', errorMessage: 'not found' }, 'not_found', '404'],
    ['no trace text', 200, { success: false, errorMessage: '该订单没有物流跟踪信息' }, 'not_found', undefined],
    ['not the buyer', 200, { success: 'false', errorCode: 'order.nopermission.buyer' }, 'no_permission', 'order.nopermission.buyer'],
    ['too old', 200, { success: false, errorCode: 'order.createtime.history' }, 'too_old', 'order.createtime.history'],
    ['other business', 200, { success: false, errorCode: 'SOME_BIZ', errorMessage: '参数错误' }, 'business', 'SOME_BIZ'],
    ['errorCode without success', 200, { errorCode: 'SOME_BIZ' }, 'business', 'SOME_BIZ'],
    ['HTTP 500 HTML', 500, '<html>oops</html>', 'server', undefined],
    ['HTTP 503 unknown gw code', 503, gw('gw.Whatever'), 'server', 'gw.Whatever'],
    ['QoS wins over 5xx', 503, gw('gw.QosAppFrequencyLimit'), 'rate_limited', 'gw.QosAppFrequencyLimit'],
    ['HTTP 429', 429, '', 'rate_limited', undefined],
    ['unknown gw code', 400, gw('gw.Unknown'), 'bad_request', 'gw.Unknown'],
    ['oauth invalid_grant', 400, { error: 'invalid_grant', error_description: 'refresh token expired' }, 'unauthorized', 'invalid_grant'],
    ['oauth invalid_client', 401, { error: 'invalid_client' }, 'signature', 'invalid_client'],
  ];
  it.each(table)('%s', (_name, httpStatus, body, kind, code) => {
    const e = classifyGatewayFailure({ httpStatus, body });
    expect(e).toBeInstanceOf(GatewayError);
    expect(e!.kind).toBe(kind);
    expect(e!.gatewayCode).toBe(code);
    expect(e!.httpStatus).toBe(httpStatus);
  });

  it.each([
    ['plain result', 200, { result: [], totalRecord: 0 }],
    ['success true string', 200, { success: 'true', result: [] }],
    ['success true with stray code', 200, { success: true, errorCode: 'X' }],
    ['empty errorCode', 200, { errorCode: '', errorMessage: null, result: [] }],
    ['bare string (currentTime)', 200, '20260101120000123+0800'],
    ['array', 200, []],
  ])('%s is not a failure', (_n, httpStatus, body) => {
    expect(classifyGatewayFailure({ httpStatus, body })).toBeNull();
  });

  it('retryable only for transient kinds', () => {
    const retryable = GATEWAY_ERROR_KINDS.filter((k) => new GatewayError(k, 'm').retryable);
    expect(retryable.sort()).toEqual(['malformed', 'network', 'rate_limited', 'server', 'timeout']);
  });

  it('gives clerk-facing Chinese messages and English log messages', () => {
    const sig = classifyGatewayFailure({ httpStatus: 400, body: gw('gw.SignatureInvalid') })!;
    expect(sig.userMessage).toBe('1688 拒绝了请求签名：请检查 AppSecret 是否正确。');
    expect(sig.message).toMatch(/gw\.SignatureInvalid/);
    const auth = classifyGatewayFailure({ httpStatus: 401, body: { error_code: '401' } })!;
    expect(auth.userMessage).toBe('1688 授权已失效，请重新连接账号。');
    const biz = classifyGatewayFailure({ httpStatus: 200, body: { success: false, errorCode: 'B1', errorMessage: '库存不足' } })!;
    expect(biz.userMessage).toContain('库存不足');
    for (const k of GATEWAY_ERROR_KINDS) expect(new GatewayError(k, 'm').userMessage).toMatch(/[\u4e00-\u9fff]/);
  });

  it('scrubs secrets that the gateway echoes', () => {
    const e = classifyGatewayFailure({
      httpStatus: 400,
      body: gw('gw.SignatureInvalid', 'sig for SECRET-123 with token TOKEN-456; refresh_token=RT-789&x=1'),
      secrets: ['SECRET-123', 'TOKEN-456', null],
    })!;
    for (const s of ['SECRET-123', 'TOKEN-456', 'RT-789']) {
      expect(e.message).not.toContain(s);
      expect(e.userMessage).not.toContain(s);
    }
  });
});

describe('redactSecrets / malformedError', () => {
  it('replaces every occurrence and form-style values', () => {
    expect(redactSecrets('a abcd b abcd', ['abcd'])).toBe('a *** b ***');
    expect(redactSecrets('access_token=zzz&client_secret=yyy&page=1')).toBe('access_token=***&client_secret=***&page=1');
    expect(redactSecrets('error_code=gw.X')).toBe('error_code=gw.X');
  });
  it('malformed is retryable', () => {
    const e = malformedError('truncated', 200);
    expect(e.kind).toBe('malformed');
    expect(e.retryable).toBe(true);
    expect(e.httpStatus).toBe(200);
  });
});
