import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiUrlPath, signAop, signatureMessage } from '../../../electron/core/ali1688/signature';

const hmac = (secret: string, message: string) =>
  createHmac('sha1', Buffer.from(secret, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex').toUpperCase();

describe('signAop (1688-open-api.md §2 test vectors)', () => {
  it('TV1: official doc example', () => {
    const path = 'param2/1/system/currentTime/1000000';
    expect(signatureMessage(path, { b: '2', a: '1' })).toBe('param2/1/system/currentTime/1000000a1b2');
    expect(signAop(path, { b: '2', a: '1' }, 'test123')).toBe('33E54F4F7B989E3E0E912D3FBD2F1A03CA7CCE88');
  });

  it('TV2: integrator vector with access_token and _aop_timestamp', () => {
    const params = {
      _aop_timestamp: '1700000000000',
      access_token: 'UNIT-TEST-TOKEN-abc123',
      productId: '694567890123',
    };
    expect(signAop('param2/1/system/currentTime/TEST_APPKEY_0001', params, 'UNIT-TEST-SECRET')).toBe(
      '75CD0EB77C5DCB393BD2C2E4DB4CE09849780EC9',
    );
  });

  it('TV5: sorts the concatenated key+value strings, not the keys', () => {
    const path = 'param2/1/system/currentTime/1000000';
    const params = { a: 'z', a_b: '1' };
    expect(signatureMessage(path, params)).toBe(`${path}a_b1az`);
    expect(signAop(path, params, 'test123')).toBe('1F188A158A893E60300806C29CEB01BBA3356640');
    // The key-sorted message gives the other documented value, so the two are really distinct.
    expect(hmac('test123', `${path}aza_b1`)).toBe('FCC0AEB39390748DA7382834405C23C497DD947E');
  });

  it('signs a Chinese value over its UTF-8 bytes, and ignores _aop_signature itself', () => {
    const path = apiUrlPath('com.alibaba.trade', 'alibaba.trade.getBuyerOrderList', '1234567');
    expect(path).toBe('param2/1/com.alibaba.trade/alibaba.trade.getBuyerOrderList/1234567');
    const params = {
      productName: '示例收纳盒',
      access_token: 'tok-1',
      _aop_timestamp: '1700000000000',
      _aop_signature: 'IGNORED',
    };
    const byHand = `${path}_aop_timestamp1700000000000access_tokentok-1productName示例收纳盒`;
    expect(signAop(path, params, 'sécret-密钥')).toBe(hmac('sécret-密钥', byHand));
    expect(signAop(path, params, 'sécret-密钥')).toMatch(/^[0-9A-F]{40}$/);
  });
});
