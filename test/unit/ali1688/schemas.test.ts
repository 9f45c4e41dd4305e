import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../electron/core/ali1688/errors';
import {
  carrierCode,
  normaliseCarriers,
  normaliseCurrentTime,
  normaliseLogisticsInfos,
  normaliseOrderDetail,
  normaliseOrderList,
  normaliseTokenGrant,
  normaliseTrace,
  parseJsonText,
  quoteBigIntegers,
  stripCarrierSuffix,
} from '../../../electron/core/ali1688/schemas';

const ID = '3712345678901234567';

// 1688-open-api.md §4.1 example, verbatim.
const ORDER_LIST = `{"result":[{"baseInfo":{"id":3712345678901234567,"idOfStr":"3712345678901234567","status":"waitbuyerreceive",
 "createTime":"20240612093011000+0800","payTime":"20240612093540000+0800","totalAmount":128.5,"shippingFee":8,
 "sellerLoginId":"example-factory","sellerContact":{"companyName":"义乌示例工贸有限公司","name":"王某"}},
 "productItems":[{"name":"示例收纳盒","quantity":10,"price":12.05,"logisticsStatus":2,"subItemIDString":"3712345678901234567"}]}],
 "totalRecord":1}`;

// §4.3 example, verbatim.
const LOGISTICS_INFOS = `{"success":true,"result":[{"logisticsId":"LP00123456789012","logisticsBillNo":"75312345678901",
 "logisticsCompanyId":"3","logisticsCompanyName":"中通快递(ZTO)","logisticsCompanyNo":"ZTO","status":"TRANSPORT",
 "orderEntryIds":"3712345678901234567","sendGoods":[{"goodName":"示例收纳盒","quantity":"10","unit":"个"}],
 "receiver":{"receiverName":"李*","receiverProvince":"广东省","receiverCity":"深圳市","receiverCounty":"龙华区"},
 "sender":{"senderName":"王*","senderProvince":"浙江省","senderCity":"金华市","senderCounty":"义乌市"}}]}`;

// §4.4 example, verbatim.
const TRACE = `{"success":true,"logisticsTrace":[{"logisticsId":"LP00123456789012","logisticsBillNo":"75312345678901",
 "orderId":3712345678901234567,"logisticsSteps":[
  {"acceptTime":"2024-06-13 18:02:11","remark":"【金华市】快件已被揽收"},
  {"acceptTime":"2024-06-14 03:40:57","remark":"【金华转运中心】已发出，下一站【深圳转运中心】"},
  {"acceptTime":"2024-06-15 09:12:30","remark":"【深圳市】快件已签收，签收人：本人"}]}]}`;

const expectMalformed = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).kind).toBe('malformed');
    expect((e as GatewayError).retryable).toBe(true);
    return e as GatewayError;
  }
  throw new Error('expected a malformed GatewayError');
};

describe('parseJsonText (big ids)', () => {
  it('turns ≥16-digit integers in number position into exact strings', () => {
    const body = parseJsonText('{"id":3712345678901234567,"n":-1234567890123456,"small":123456789012345,"f":1234567890123456.5,"e":12345678901234567e2}') as Record<string, unknown>;
    expect(body['id']).toBe(ID);
    expect(body['n']).toBe('-1234567890123456');
    expect(body['small']).toBe(123456789012345);
    expect(typeof body['f']).toBe('number');
    expect(typeof body['e']).toBe('number');
  });
  it('leaves digits inside strings alone, escapes included', () => {
    const text = '{"a":"x\\"3712345678901234567","b":[3712345678901234567, 1]}';
    expect(quoteBigIntegers(text)).toBe('{"a":"x\\"3712345678901234567","b":["3712345678901234567", 1]}');
    expect(quoteBigIntegers('{"a":1}')).toBe('{"a":1}');
  });
  it.each([
    ['HTML', '<html><body>502 Bad Gateway</body></html>', /HTML/],
    ['truncated', '{"result":[{"baseInfo":{"id":37123', /invalid JSON/],
    ['empty', '', /invalid JSON/],
  ])('%s → malformed', (_n, text, re) => {
    expect(expectMalformed(() => parseJsonText(text)).message).toMatch(re);
  });
});

describe('normaliseOrderList', () => {
  it('maps the doc example with the 19-digit id exact', () => {
    const { orders, totalRecord } = normaliseOrderList(parseJsonText(ORDER_LIST));
    expect(totalRecord).toBe(1);
    expect(orders).toHaveLength(1);
    const o = orders[0]!;
    expect(o).toMatchObject({
      orderId: ID,
      status1688: 'waitbuyerreceive',
      createdAt: Date.parse('2024-06-12T01:30:11Z'),
      paidAt: Date.parse('2024-06-12T01:35:40Z'),
      modifiedAt: null,
      totalFen: 12850,
      shippingFeeFen: 800,
      sellerLoginId: 'example-factory',
      sellerCompany: '义乌示例工贸有限公司',
      sellerContactName: '王某',
      buyerLoginId: null,
      products: [{ name: '示例收纳盒', quantity: 10, priceFen: 1205, productId: null, skuId: null }],
      logisticsItems: [],
    });
    const raw = o.raw as { baseInfo: { id: unknown }; productItems: { subItemIDString: string; logisticsStatus: number }[] };
    expect(raw.baseInfo.id).toBe(ID);
    expect(raw.productItems[0]!.subItemIDString).toBe(ID);
    expect(raw.productItems[0]!.logisticsStatus).toBe(2);
  });
  it('falls back to the id field (kept exact by the pre-parser) and tolerates strings', () => {
    const text = `{"success":"true","totalRecord":"41","result":[{"baseInfo":{"id":${ID},"status":"success","totalAmount":"99.90","modifyTime":"20240613101010000+0800"},
      "productItems":[{"name":"x","quantity":"3","price":"1.10","productID":694567890123,"skuID":4512345678901234567}]}]}`;
    const { orders, totalRecord } = normaliseOrderList(parseJsonText(text));
    expect(totalRecord).toBe(41);
    expect(orders[0]).toMatchObject({ orderId: ID, totalFen: 9990, modifiedAt: Date.parse('2024-06-13T02:10:10Z') });
    expect(orders[0]!.products[0]).toEqual({ name: 'x', quantity: 3, priceFen: 110, productId: '694567890123', skuId: '4512345678901234567' });
  });
  it('an empty answer is an empty page', () => {
    expect(normaliseOrderList({ totalRecord: 0 })).toEqual({ orders: [], totalRecord: 0 });
  });
  it('refuses a rounded JS number id (JSON.parse without the pre-parser)', () => {
    expectMalformed(() => normaliseOrderList(JSON.parse(`{"result":[{"baseInfo":{"id":${ID}}}]}`)));
  });
  it.each([
    ['result is a string', { result: 'oops' }],
    ['baseInfo missing', { result: [{}] }],
    ['baseInfo a number', { result: [{ baseInfo: 5 }] }],
    ['productItems an object', { result: [{ baseInfo: { idOfStr: ID }, productItems: { a: 1 } }] }],
    ['status an object', { result: [{ baseInfo: { idOfStr: ID, status: { x: 1 } } }] }],
    ['success a word', { success: 'yes', result: [] }],
    ['HTML string', '<html></html>'],
    ['null', null],
  ])('wrong types (%s) → malformed', (_n, body) => {
    expectMalformed(() => normaliseOrderList(body));
  });
});

describe('normaliseOrderDetail', () => {
  it('maps nativeLogistics.logisticsItems', () => {
    const text = `{"success":"true","result":{"baseInfo":{"idOfStr":"${ID}","status":"waitbuyerreceive","buyerLoginId":"buyer1"},
      "nativeLogistics":{"province":"广东省","logisticsItems":[
        {"logisticsCode":"LP00123456789012","logisticsBillNo":"75312345678901","logisticsCompanyName":"圆通速递(YTO)","deliveredTime":"20240613120000000+0800","status":"alreadysend","type":1},
        {"type":2,"noLogisticsName":"自提"}]}}}`;
    const o = normaliseOrderDetail(parseJsonText(text));
    expect(o.orderId).toBe(ID);
    expect(o.buyerLoginId).toBe('buyer1');
    expect(o.logisticsItems).toEqual([
      {
        logisticsId: 'LP00123456789012',
        billNo: '75312345678901',
        carrierCode: 'YTO',
        carrierName: '圆通速递',
        status: 'alreadysend',
        deliveredAt: Date.parse('2024-06-13T04:00:00Z'),
      },
    ]);
  });
  it('a detail without result is malformed', () => {
    expectMalformed(() => normaliseOrderDetail({ success: true }));
  });
});

describe('normaliseLogisticsInfos', () => {
  it('maps the doc example', () => {
    const parcels = normaliseLogisticsInfos(parseJsonText(LOGISTICS_INFOS));
    expect(parcels).toHaveLength(1);
    const p = parcels[0]!;
    expect(p).toMatchObject({
      logisticsId: 'LP00123456789012',
      billNo: '75312345678901',
      carrierCode: 'ZTO',
      carrierName: '中通快递',
      status1688: 'TRANSPORT',
      shippedAt: null,
      sender: { province: '浙江省', city: '金华市', county: '义乌市' },
      receiver: { province: '广东省', city: '深圳市', county: '龙华区' },
      goods: [{ name: '示例收纳盒', quantity: '10', unit: '个' }],
    });
    expect((p.raw as { orderEntryIds: string }).orderEntryIds).toBe(ID);
  });
  it('takes the carrier code from the name when logisticsCompanyNo is missing', () => {
    const [p] = normaliseLogisticsInfos({
      success: 'true',
      result: [{ logisticsId: 'BX1', logisticsCompanyName: '申通快递（sto）', sendGoods: [{ goodName: 'g', quantity: 2 }] }],
    });
    expect(p).toMatchObject({ carrierCode: 'STO', carrierName: '申通快递', goods: [{ name: 'g', quantity: '2', unit: null }] });
  });
  it('success without result is no parcels; a parcel without id is malformed', () => {
    expect(normaliseLogisticsInfos({ success: true })).toEqual([]);
    expectMalformed(() => normaliseLogisticsInfos({ success: true, result: [{ logisticsBillNo: '1' }] }));
    expectMalformed(() => normaliseLogisticsInfos({ success: true, result: [{ logisticsId: 'LP1', sendGoods: 'x' }] }));
  });
});

describe('normaliseTrace', () => {
  it('maps the doc example, remarks verbatim, oldest first', () => {
    const { traces, droppedSteps } = normaliseTrace(parseJsonText(TRACE));
    expect(droppedSteps).toBe(0);
    expect(traces).toEqual([
      {
        logisticsId: 'LP00123456789012',
        billNo: '75312345678901',
        steps: [
          { at: Date.parse('2024-06-13T10:02:11Z'), remark: '【金华市】快件已被揽收' },
          { at: Date.parse('2024-06-13T19:40:57Z'), remark: '【金华转运中心】已发出，下一站【深圳转运中心】' },
          { at: Date.parse('2024-06-15T01:12:30Z'), remark: '【深圳市】快件已签收，签收人：本人' },
        ],
      },
    ]);
  });
  it('sorts newest-first input, keeps ties stable, drops and counts bad times', () => {
    const remark = '<img src=x onerror=alert(1)> ${x} 【a】';
    const { traces, droppedSteps } = normaliseTrace({
      success: 'true',
      logisticsTrace: [
        {
          logisticsId: 'LP2',
          logisticsSteps: [
            { acceptTime: '2024-06-15 09:00:00', remark: 'c' },
            { acceptTime: 'yesterday', remark: 'bad' },
            { acceptTime: '2024-06-14 09:00:00', remark: 'b1' },
            { acceptTime: '2024-06-14 09:00:00', remark: 'b2' },
            { remark: 'no time' },
            { acceptTime: '2024-06-13 09:00:00', remark },
          ],
        },
        { logisticsBillNo: 99, logisticsSteps: null },
      ],
    });
    expect(droppedSteps).toBe(2);
    expect(traces[0]!.steps.map((s) => s.remark)).toEqual([remark, 'b1', 'b2', 'c']);
    expect(traces[1]).toEqual({ logisticsId: null, billNo: '99', steps: [] });
  });
  it('no logisticsTrace is no traces; wrong step types are malformed', () => {
    expect(normaliseTrace({ success: true }).traces).toEqual([]);
    expectMalformed(() => normaliseTrace({ logisticsTrace: [{ logisticsSteps: [{ acceptTime: {} }] }] }));
    expectMalformed(() => normaliseTrace({ logisticsTrace: {} }));
  });
});

describe('carriers, currentTime, token', () => {
  it('normaliseCarriers', () => {
    const carriers = normaliseCarriers({
      success: true,
      result: [
        { id: 3, companyName: '中通快递(ZTO)', companyNo: 'ZTO' },
        { id: '352', companyName: '极兔速递', companyNo: 'HTKY' },
        { companyName: '圆通速递(YTO)' },
        { companyName: '无代码' },
      ],
    });
    expect(carriers).toEqual([
      { id: '3', code: 'ZTO', name: '中通快递' },
      { id: '352', code: 'HTKY', name: '极兔速递' },
      { id: null, code: 'YTO', name: '圆通速递' },
    ]);
  });
  it('carrier helpers', () => {
    expect(stripCarrierSuffix('中通快递(ZTO)')).toBe('中通快递');
    expect(stripCarrierSuffix('中通快递 ( ZTO )')).toBe('中通快递');
    expect(stripCarrierSuffix('(ZTO)')).toBe('(ZTO)');
    expect(stripCarrierSuffix('韵达快递')).toBe('韵达快递');
    expect(carrierCode(null, '韵达快递')).toBeNull();
    expect(carrierCode('  ', '中通快递(ZTO)')).toBe('ZTO');
  });
  it('normaliseCurrentTime', () => {
    const ms = Date.parse('2026-01-01T04:00:00.123Z');
    expect(normaliseCurrentTime(parseJsonText('"20260101120000123+0800"'))).toBe(ms);
    expect(normaliseCurrentTime('20260101120000123+0800')).toBe(ms);
    expect(normaliseCurrentTime({ result: '20260101120000123+0800' })).toBe(ms);
    expect(normaliseCurrentTime(ms)).toBe(ms);
    expectMalformed(() => normaliseCurrentTime('<html>'));
  });
  it('normaliseTokenGrant', () => {
    const now = 1_700_000_000_000;
    expect(
      normaliseTokenGrant(
        { access_token: 'AT', refresh_token: 'RT', expires_in: '36000', refresh_token_timeout: '20250612093011000+0800', resource_owner: 'buyer1', memberId: 'b2b-1', aliId: 123 },
        now,
      ),
    ).toEqual({
      accessToken: 'AT',
      refreshToken: 'RT',
      accessTokenExpiresAt: now + 36_000_000,
      refreshTokenExpiresAt: Date.parse('2025-06-12T01:30:11Z'),
      memberId: 'b2b-1',
      loginId: 'buyer1',
    });
    expect(normaliseTokenGrant({ access_token: 'AT', refresh_token_timeout: '20250612093011+0800' }, now)).toMatchObject({
      refreshToken: null,
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: Date.parse('2025-06-12T01:30:11Z'),
    });
    const e = expectMalformed(() => normaliseTokenGrant({ access_token: 42, refresh_token: 'SECRET-RT-1' }, now));
    expect(e.message).not.toContain('SECRET-RT-1');
  });
});
