// The pickup-code / station / address parser on real phrasings. Each line's source is given: a
// public repository's file (as found with the code search), or the app's own corpus of remarks
// (test/fixtures/trace-remarks.tsv). Carrier traces and the carriers' pickup SMS share these
// templates (菜鸟驿站 / 丰巢 / 代收), so both are used.
import { describe, expect, it } from 'vitest';
import { CARRIERS, DESTINATIONS, ORIGINS } from '../../electron/core/ali1688/sandbox/catalog';
import { mulberry32 } from '../../electron/core/ali1688/sandbox/prng';
import { atStation, intoLocker, lockerReminder, makeRemarkCtx, stationReminder } from '../../electron/core/ali1688/sandbox/remarks';
import { parsePickupInfo, stationKey } from '../../electron/core/tracking/pickupInfo';

interface Case {
  text: string;
  code: string | null;
  station: string | null;
  address?: string | null;
  kind: 'locker' | 'station' | null;
  source: string;
}

const CASES: Case[] = [
  {
    // ZTO trace (kuaidi-style acceptStation) in CaniceZ/antd-vue3 examples/mock/api/tms2/king/waybill/trace/query.js
    text: '【苏州市】 快件已被【丰巢的索特传动设备西门丰巢柜2号柜(丰巢智能快递柜)】代收，如有问题请电联（4000633333,13776284974），感谢使用中通快递，期待再次为您服务！',
    code: null,
    station: '丰巢的索特传动设备西门丰巢柜2号柜(丰巢智能快递柜)',
    kind: 'locker',
    source: 'github CaniceZ/antd-vue3 examples/mock/api/tms2/king/waybill/trace/query.js',
  },
  {
    // YTO trace via kuaidi100 in LeeypOR/store-decoration-uniapp pagesA/shop/logisticData.js
    text: '快件已由济南历城区翡翠雅郡北区西门店代收，请及时取件，如有疑问请联系15552562271',
    code: null,
    station: '济南历城区翡翠雅郡北区西门店',
    kind: 'station',
    source: 'github LeeypOR/store-decoration-uniapp pagesA/shop/logisticData.js',
  },
  {
    // Cainiao station SMS in a Kotlin test (package com.box.picker.logic, RegexTest), find_string id 52765449068
    text: '【菜鸟驿站】您的包裹已到站，凭4-2-0329到深圳新屋村中区14栋有友店取件。',
    code: '4-2-0329',
    station: '深圳新屋村中区14栋有友店',
    kind: 'station',
    source: 'public GitHub file com/box/picker/logic RegexTest.kt (find_string id 52765449068)',
  },
  {
    // Fengchao locker SMS templates in a README ("适用于来自丰巢、速递易…"), find_string id 25097768992
    text: '【丰巢】凭取件码『12345678』至 四轩茶屋勒布朗咖啡店旁快递箱 取 幻影快递 的包裹！',
    code: '12345678',
    station: '四轩茶屋勒布朗咖啡店旁快递箱',
    kind: 'locker',
    source: 'public GitHub README of a 丰巢/速递易 SMS extractor (find_string id 25097768992)',
  },
  {
    // Cainiao SMS in a Python test fixture, find_string id 70904952217
    text: '【菜鸟驿站】您的包裹已到阳光小区菜鸟驿站3号货架，凭取件码 8-2-3006 取件，18:00 前领取。',
    code: '8-2-3006',
    station: '阳光小区菜鸟驿站3号货架',
    kind: 'station',
    source: 'public GitHub Python test (find_string id 70904952217)',
  },
  {
    // Cainiao notification sample in a Kotlin test ("extractsThirtyCommonNotificationSamples"), find_string id 65754493776
    text: '您的京东包裹已到菜鸟驿站xx大学xx园店,凭取件码A12345领取',
    code: 'A12345',
    station: '菜鸟驿站xx大学xx园店',
    kind: 'station',
    source: 'public GitHub Kotlin test (find_string id 65754493776)',
  },
  {
    // Same file as above
    text: '淘宝订单已送至南校园妈妈驿站,提货码 T88012',
    code: 'T88012',
    station: '南校园妈妈驿站',
    kind: 'station',
    source: 'public GitHub Kotlin test (find_string id 65754493776)',
  },
  {
    // Locker notice in a JS data file ("快递驿站取件提醒"), find_string id 59717514502
    text: '您的包裹已送达 08 号快递柜，请在 48 小时内凭取件码 2613 领取。',
    code: '2613',
    station: '08 号快递柜',
    kind: 'locker',
    source: 'public GitHub JS data file (find_string id 59717514502)',
  },
  {
    // A Java sample's generated locker text, find_string id 7010434477 (time filled in)
    text: '您购买的商品已于2024-05-01 10:00:00送达**省**市**区**街道**小区快递柜，请凭取件码012345及时领取您的包裹。',
    code: '012345',
    station: '**省**市**区**街道**小区快递柜',
    kind: 'locker',
    source: 'public GitHub Java sample (find_string id 7010434477)',
  },
  // The app's corpus (test/fixtures/trace-remarks.tsv), awaiting_pickup lines.
  { text: '【广州市】快件已送达【天河棠下菜鸟驿站】，请凭取件码3-2-1105及时取件', code: '3-2-1105', station: '天河棠下菜鸟驿站', kind: 'station', source: 'trace-remarks.tsv ZTO' },
  { text: '您的快件已存放至【丰巢智能柜】，取件码：58231476，请尽快取件', code: '58231476', station: '丰巢智能柜', kind: 'locker', source: 'trace-remarks.tsv YTO' },
  { text: '【广州市】快件已暂存至 天河兴华路兔喜生活超市，取件码：8-1-2034，如有疑问请联系：138****5678', code: '8-1-2034', station: '天河兴华路兔喜生活超市', kind: 'station', source: 'trace-remarks.tsv STO' },
  { text: '您的快件已到达【韵达超市 天河华景店】，请凭取件码A-3-0921领取', code: 'A-3-0921', station: '韵达超市 天河华景店', kind: 'station', source: 'trace-remarks.tsv YUNDA' },
  { text: '快件已放至丰巢智能柜【天河华景新城北门】，请凭取件码领取', code: null, station: '丰巢智能柜【天河华景新城北门】', kind: 'locker', source: 'trace-remarks.tsv SF' },
  { text: '您的订单已到达京东自提点【天河棠下自提点】，请凭提货码及时提货', code: null, station: '天河棠下自提点', kind: 'station', source: 'trace-remarks.tsv JD' },
  { text: '邮件已投递至【中邮驿站天河店】，请凭取件码6-4-3302取件', code: '6-4-3302', station: '中邮驿站天河店', kind: 'station', source: 'trace-remarks.tsv EMS' },
  { text: '快件已投放至【速递易智能柜 华景路店】，取件码：90417', code: '90417', station: '速递易智能柜 华景路店', kind: 'locker', source: 'trace-remarks.tsv HTKY' },
  { text: '【广州市】您的快件已被 华景新城驿站 代收，取件码3-2-1105', code: '3-2-1105', station: '华景新城驿站', kind: 'station', source: 'trace-remarks.tsv YTO' },
  { text: '快件已入柜，尚未取出，取件码：3-6-1020', code: '3-6-1020', station: null, kind: 'locker', source: 'trace-remarks.tsv JTSD' },
  { text: '【广州市】快件已到达【天河棠下菜鸟驿站】，取件码 8-2-3011，地址：天河区棠下村二社大街12号，营业时间9:00-21:00', code: '8-2-3011', station: '天河棠下菜鸟驿站', address: '天河区棠下村二社大街12号', kind: 'station', source: 'the demo world (sandbox) phrasing' },
];

describe('parsePickupInfo on real phrasings', () => {
  for (const c of CASES) {
    it(`${c.source}: ${c.text.slice(0, 40)}`, () => {
      const info = parsePickupInfo(c.text);
      expect(info.pickupCode).toBe(c.code);
      expect(info.station).toBe(c.station?.normalize('NFKC') ?? null);
      expect(info.address).toBe(c.address ?? null);
      expect(info.kind).toBe(c.kind);
    });
  }
});

describe('parsePickupInfo on text that names no pickup', () => {
  it('a transit step names neither a code nor a station', () => {
    expect(parsePickupInfo('【杭州市】快件已到达【杭州转运中心】，正在分拣')).toMatchObject({ pickupCode: null, kind: null });
  });
  it('a phone number is not a pickup code', () => {
    expect(parsePickupInfo('派件员 王师傅 电话 13812345678 正在派件').pickupCode).toBeNull();
  });
  it('markup in carrier text is kept as text, never interpreted', () => {
    const info = parsePickupInfo('快件已到达【<img src=x onerror=alert(1)>驿站】，取件码 1-2-3456');
    expect(info.station).toBe('<img src=x onerror=alert(1)>驿站');
    expect(info.pickupCode).toBe('1-2-3456');
  });
  it('a station name with spaces groups with the same name written without them', () => {
    expect(stationKey({ station: '韵达超市 天河华景店', address: null })).toBe(stationKey({ station: '韵达超市天河华景店', address: null }));
  });
});

describe('parsePickupInfo on the demo world (sandbox) station and locker steps', () => {
  it('reads the pickup code of every waiting step the sandbox writes, and the station where it names one', () => {
    const carriers = Object.values(CARRIERS);
    let withCode = 0;
    for (let i = 0; i < 400; i++) {
      const r = mulberry32(i + 1);
      const c = makeRemarkCtx(r, carriers[i % carriers.length]!, ORIGINS[i % ORIGINS.length]!, DESTINATIONS[i % DESTINATIONS.length]!, `7${i}`);
      for (const step of [intoLocker, lockerReminder, atStation, stationReminder]) {
        const text = step(c);
        const info = parsePickupInfo(text);
        if (text.includes(c.pickupCode)) {
          withCode++;
          expect(info.pickupCode, text).toBe(c.pickupCode);
        } else expect(info.pickupCode, text).toBeNull();
        if (text.includes(c.station)) expect(info.station, text).toContain(c.station);
      }
    }
    expect(withCode).toBeGreaterThan(1000);
  });
});
