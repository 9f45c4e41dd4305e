// Runs in: main process / headless Node. Fixed vocabulary of the sandbox world: carriers, places,
// sellers, products. All invented; names of real carriers and cities only for realism.

import { type Rng, digits, int, pick } from './prng';

export type CarrierCode = 'ZTO' | 'YTO' | 'STO' | 'YUNDA' | 'SF' | 'JTSD' | 'EMS' | 'JD';

export interface Carrier {
  code: CarrierCode;
  /** `logisticsCompanyId` (a string of digits on the wire). */
  id: string;
  name: string;
  /** Short name used inside remarks. */
  short: string;
  phone: string;
  spelling: string;
  /** What the carrier calls its hubs. */
  hubWord: string;
  /** What it calls its local outlets. */
  outletWord: string;
  /** Waybill number for 11 unique digits. */
  bill(unique: string, r: Rng): string;
}

export const CARRIERS: Record<CarrierCode, Carrier> = {
  ZTO: {
    code: 'ZTO', id: '3', name: '中通快递', short: '中通', phone: '95311', spelling: 'zhongtongkuaidi',
    hubWord: '转运中心', outletWord: '网点',
    bill: (u, r) => '7' + pick(r, ['3', '5', '8']) + digits(r, 1) + u,
  },
  YTO: {
    code: 'YTO', id: '4', name: '圆通速递', short: '圆通', phone: '95554', spelling: 'yuantongsudi',
    hubWord: '转运中心', outletWord: '公司',
    bill: (u, r) => 'YT' + pick(r, ['7', '8']) + digits(r, 1) + u,
  },
  STO: {
    code: 'STO', id: '6', name: '申通快递', short: '申通', phone: '95543', spelling: 'shentongkuaidi',
    hubWord: '分拨中心', outletWord: '网点',
    bill: (u, r) => '77' + digits(r, 1) + u,
  },
  YUNDA: {
    code: 'YUNDA', id: '7', name: '韵达快递', short: '韵达', phone: '95546', spelling: 'yundakuaidi',
    hubWord: '分拨中心', outletWord: '分部',
    bill: (u, r) => pick(r, ['43', '46']) + u,
  },
  SF: {
    code: 'SF', id: '8', name: '顺丰速运', short: '顺丰', phone: '95338', spelling: 'shunfengsuyun',
    hubWord: '中转场', outletWord: '营业点',
    bill: (u, r) => 'SF1' + digits(r, 1) + u,
  },
  JTSD: {
    code: 'JTSD', id: '352', name: '极兔速递', short: '极兔', phone: '956025', spelling: 'jitusudi',
    hubWord: '转运中心', outletWord: '网点',
    bill: (u, r) => 'JT' + pick(r, ['3', '5']) + digits(r, 1) + u,
  },
  EMS: {
    code: 'EMS', id: '9', name: '中国邮政', short: '邮政', phone: '11183', spelling: 'zhongguoyouzheng',
    hubWord: '邮区中心局', outletWord: '揽投部',
    bill: (u, r) => pick(r, ['98', '11']) + u,
  },
  JD: {
    code: 'JD', id: '1002', name: '京东快递', short: '京东', phone: '950616', spelling: 'jingdongkuaidi',
    hubWord: '分拣中心', outletWord: '营业部',
    bill: (u, r) => 'JDV' + digits(r, 1) + u,
  },
};

export const CARRIER_WEIGHTS: readonly (readonly [CarrierCode, number])[] = [
  ['ZTO', 22], ['YTO', 17], ['STO', 11], ['YUNDA', 14], ['JTSD', 12], ['SF', 10], ['EMS', 5], ['JD', 9],
];

/** `中通快递(ZTO)`, as getLogisticsInfos writes it. */
export function carrierDisplayName(c: Carrier): string {
  return `${c.name}(${c.code})`;
}

/** Extra rows of the company list that no parcel uses (the list is all carriers, not ours). */
export const OTHER_COMPANIES = [
  { id: '10', companyName: '德邦快递', companyNo: 'DBKD', companyPhone: '95353', spelling: 'debangkuaidi' },
  { id: '11', companyName: '百世快递', companyNo: 'HTKY', companyPhone: '95320', spelling: 'baishikuaidi' },
  { id: '12', companyName: '宅急送', companyNo: 'ZJS', companyPhone: '400-678-9000', spelling: 'zhaijisong' },
  { id: '13', companyName: '跨越速运', companyNo: 'KYE', companyPhone: '4008-098-098', spelling: 'kuayuesuyun' },
  { id: '14', companyName: '安能物流', companyNo: 'ANE', companyPhone: '4001-000-000', spelling: 'annengwuliu' },
  { id: '15', companyName: '其他', companyNo: 'OTHER', companyPhone: '', spelling: 'qita' },
] as const;

/** A seller's city, where parcels start. */
export interface Origin {
  province: string;
  city: string;
  county: string;
  /** City used in 【】 brackets for local scans. */
  bracket: string;
  en: string;
  /** City of the first hub. */
  hub: string;
  outlets: readonly string[];
  /** Seller name parts. */
  trade: readonly string[];
  weight: number;
}

export const ORIGINS: readonly Origin[] = [
  { province: '浙江省', city: '金华市', county: '义乌市', bracket: '义乌市', en: 'Yiwu', hub: '金华', outlets: ['义乌北苑', '义乌稠城', '义乌江东', '义乌福田', '义乌廿三里'], trade: ['日用品', '工艺品', '饰品', '玩具', '小商品'], weight: 34 },
  { province: '广东省', city: '深圳市', county: '宝安区', bracket: '深圳市', en: 'Shenzhen', hub: '深圳', outlets: ['宝安西乡', '宝安福永', '龙岗坂田', '龙华民治'], trade: ['电子', '数码科技', '智能科技', '电子商务'], weight: 18 },
  { province: '广东省', city: '广州市', county: '白云区', bracket: '广州市', en: 'Guangzhou', hub: '广州', outlets: ['白云三元里', '番禺大石', '海珠赤岗', '花都狮岭'], trade: ['服饰', '皮具', '化妆品', '箱包'], weight: 16 },
  { province: '浙江省', city: '杭州市', county: '萧山区', bracket: '杭州市', en: 'Hangzhou', hub: '杭州', outlets: ['萧山新塘', '余杭临平', '滨江长河'], trade: ['家纺', '服装', '电子商务'], weight: 10 },
  { province: '浙江省', city: '温州市', county: '瓯海区', bracket: '温州市', en: 'Wenzhou', hub: '温州', outlets: ['瓯海娄桥', '龙湾永中', '鹿城双屿'], trade: ['鞋业', '眼镜', '五金', '电器'], weight: 9 },
  { province: '广东省', city: '汕头市', county: '澄海区', bracket: '汕头市', en: 'Shantou', hub: '汕头', outlets: ['澄海莲下', '澄海凤翔', '潮阳谷饶'], trade: ['玩具', '内衣', '塑料制品'], weight: 6 },
  { province: '福建省', city: '泉州市', county: '晋江市', bracket: '晋江市', en: 'Jinjiang', hub: '泉州', outlets: ['晋江陈埭', '石狮宝盖', '晋江池店'], trade: ['鞋服', '体育用品', '纺织'], weight: 7 },
];

/** The buyer's receiving warehouses, where parcels end. */
export interface Destination {
  province: string;
  city: string;
  county: string;
  provinceCode: string;
  cityCode: string;
  countyCode: string;
  address: string;
  zip: string;
  bracket: string;
  en: string;
  hub: string;
  outlets: readonly string[];
  stations: readonly string[];
  weight: number;
}

export const DESTINATIONS: readonly Destination[] = [
  { province: '广东省', city: '广州市', county: '白云区', provinceCode: '440000', cityCode: '440100', countyCode: '440111', address: '石井街道石潭路88号嘉禾物流园3栋2楼', zip: '510430', bracket: '广州市', en: 'Guangzhou', hub: '广州白云', outlets: ['白云石井', '白云嘉禾', '白云太和'], stations: ['石井石潭路菜鸟驿站', '嘉禾望岗兔喜生活超市', '石井妈妈驿站'], weight: 40 },
  { province: '广东省', city: '深圳市', county: '龙华区', provinceCode: '440000', cityCode: '440300', countyCode: '440309', address: '观澜街道桂花路12号汇通仓储中心B区', zip: '518110', bracket: '深圳市', en: 'Shenzhen', hub: '深圳', outlets: ['龙华观澜', '龙华大浪', '龙华民治'], stations: ['观澜桂花路菜鸟驿站', '大浪商业中心中邮驿站', '观澜兔喜快递超市'], weight: 30 },
  { province: '广东省', city: '东莞市', county: '长安镇', provinceCode: '440000', cityCode: '441900', countyCode: '441900', address: '乌沙社区兴发南路6号金荣仓库', zip: '523860', bracket: '东莞市', en: 'Dongguan', hub: '东莞', outlets: ['长安乌沙', '长安锦厦'], stations: ['乌沙兴发路菜鸟驿站', '锦厦妈妈驿站'], weight: 15 },
  { province: '浙江省', city: '杭州市', county: '余杭区', provinceCode: '330000', cityCode: '330100', countyCode: '330110', address: '仓前街道文一西路1500号海创园仓库5号门', zip: '311121', bracket: '杭州市', en: 'Hangzhou', hub: '杭州', outlets: ['余杭仓前', '余杭良渚'], stations: ['仓前海创园菜鸟驿站', '良渚文化村兔喜生活超市'], weight: 15 },
];

/** Hubs on long routes between the origin and destination hubs. */
export const MIDWAY_HUBS = ['南昌', '长沙', '上海', '武汉', '赣州', '福州'] as const;

export const LOCKERS = ['丰巢智能柜', '速递易智能柜', '中邮智能包裹柜', '云柜'] as const;

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '郑'] as const;

const BRAND_WORDS = ['恒达', '鑫源', '盛华', '优品', '联创', '佳美', '博远', '锦程', '天瑞', '宏图', '星耀', '华通', '美嘉', '永信', '顺发', '晨光', '协力', '汇丰', '金诚', '益家'] as const;
const BRAND_PINYIN = ['hengda', 'xinyuan', 'shenghua', 'youpin', 'lianchuang', 'jiamei', 'boyuan', 'jincheng', 'tianrui', 'hongtu', 'xingyao', 'huatong', 'meijia', 'yongxin', 'shunfa', 'chenguang', 'xieli', 'huifeng', 'jincheng', 'yijia'] as const;
const COMPANY_SUFFIX = ['有限公司', '贸易有限公司', '工贸有限公司', '实业有限公司', '科技有限公司', '商行'] as const;

export interface Seller {
  companyName: string;
  loginId: string;
  memberId: string;
  userId: number;
  contactName: string;
  mobile: string;
  phone: string;
  origin: Origin;
}

export function makeSeller(r: Rng, origin: Origin, sellerNo: number): Seller {
  const b = int(r, 0, BRAND_WORDS.length - 1);
  const trade = pick(r, origin.trade);
  const suffix = pick(r, COMPANY_SUFFIX);
  const cityShort = origin.county.replace(/[市区县]$/, '');
  const surname = pick(r, SURNAMES);
  return {
    companyName: `${cityShort}${BRAND_WORDS[b]}${trade}${suffix}`,
    loginId: `${BRAND_PINYIN[b]}${pick(r, ['', 'gm', 'trade', 'factory', 'sh'])}${int(r, 1, 999)}`,
    memberId: `b2b-${digits(r, 10)}${String(sellerNo % 100).padStart(2, '0')}`,
    userId: Number('2' + digits(r, 9)),
    contactName: `${surname}${pick(r, ['先生', '女士', '经理', '小姐'])}`,
    mobile: `1${pick(r, ['35', '38', '39', '58', '86', '88'])}${digits(r, 8)}`,
    phone: `0${pick(r, ['579', '755', '20', '571', '577', '754', '595'])}-${digits(r, 8)}`,
    origin,
  };
}

interface ProductFamily {
  nouns: readonly string[];
  adjectives: readonly string[];
  unit: string;
  sku: readonly (readonly [string, readonly string[]])[];
  priceFen: readonly [number, number];
  quantity: readonly [number, number];
}

const FAMILIES: readonly ProductFamily[] = [
  { nouns: ['收纳盒', '收纳箱', '整理筐', '桌面置物架'], adjectives: ['加厚透明', '可折叠', '带盖大号', '日式简约', '抽屉式'], unit: '个', sku: [['颜色', ['白色', '灰色', '透明', '浅蓝']], ['规格', ['小号', '中号', '大号']]], priceFen: [350, 4800], quantity: [10, 300] },
  { nouns: ['保温杯', '玻璃水杯', '吸管杯', '咖啡杯'], adjectives: ['304不锈钢', '双层防烫', '大容量', '便携', 'ins风'], unit: '只', sku: [['颜色', ['黑色', '奶白', '雾霾蓝', '樱花粉']], ['容量', ['350ml', '500ml', '750ml']]], priceFen: [650, 5900], quantity: [12, 240] },
  { nouns: ['数据线', '充电器', '蓝牙耳机', '手机支架', '充电宝'], adjectives: ['快充', 'Type-C', '无线', '迷你', '磁吸'], unit: '件', sku: [['颜色', ['黑色', '白色']], ['规格', ['1米', '2米', '标准版', '升级版']]], priceFen: [280, 8900], quantity: [20, 500] },
  { nouns: ['T恤', '卫衣', '打底衫', '休闲裤', '连衣裙'], adjectives: ['纯棉宽松', '夏季新款', '韩版', '加绒', '冰丝'], unit: '件', sku: [['颜色', ['黑色', '白色', '杏色', '藏青']], ['尺码', ['S', 'M', 'L', 'XL', 'XXL']]], priceFen: [1500, 6900], quantity: [10, 200] },
  { nouns: ['发夹', '耳环', '手链', '项链', '发圈'], adjectives: ['复古', '珍珠', '简约', '网红同款', '合金'], unit: '个', sku: [['款式', ['A款', 'B款', 'C款', '混装']]], priceFen: [50, 1800], quantity: [50, 1000] },
  { nouns: ['积木', '毛绒公仔', '解压玩具', '拼图', '遥控车'], adjectives: ['儿童益智', '卡通', '创意', '大颗粒', '亲子'], unit: '套', sku: [['款式', ['经典款', '豪华款', '随机色']]], priceFen: [600, 12000], quantity: [6, 120] },
  { nouns: ['运动鞋', '拖鞋', '帆布鞋', '凉鞋'], adjectives: ['透气', '防滑', '轻便', '厚底', '男女同款'], unit: '双', sku: [['颜色', ['黑色', '白色', '米色']], ['尺码', ['36', '38', '40', '42', '44']]], priceFen: [1200, 8900], quantity: [6, 120] },
  { nouns: ['抹布', '清洁刷', '垃圾袋', '拖把头'], adjectives: ['加厚', '吸水', '一次性', '多功能', '家用'], unit: '包', sku: [['规格', ['10只装', '20只装', '50只装']]], priceFen: [150, 2500], quantity: [20, 800] },
  { nouns: ['包装盒', '快递袋', '气泡膜', '封箱胶带'], adjectives: ['牛皮纸', '加厚防水', '定制印刷', '透明'], unit: '个', sku: [['规格', ['小号', '中号', '大号', '特大号']]], priceFen: [8, 600], quantity: [100, 5000] },
];

export interface ProductLine {
  name: string;
  productId: number;
  skuId: number;
  specId: string;
  unit: string;
  quantity: number;
  priceFen: number;
  skuInfos: { name: string; value: string }[];
  cargoNumber: string;
}

function hex32(r: Rng): string {
  let s = '';
  for (let k = 0; k < 4; k++) s += ((r() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
  return s;
}

export function makeProductLine(r: Rng, productId: number): ProductLine {
  const f = pick(r, FAMILIES);
  const name = `${pick(r, f.adjectives)}${pick(r, f.nouns)}${pick(r, ['', '', ' 厂家直销', ' 批发', ' 现货'])}`;
  const skuInfos = f.sku.map(([k, vs]) => ({ name: k, value: pick(r, vs) }));
  const [qMin, qMax] = f.quantity;
  let quantity = int(r, qMin, qMax);
  if (quantity >= 50) quantity = Math.round(quantity / 10) * 10;
  const [pMin, pMax] = f.priceFen;
  const priceFen = int(r, pMin, pMax);
  return {
    name,
    productId,
    skuId: Number('4' + digits(r, 12)),
    specId: hex32(r),
    unit: f.unit,
    quantity,
    priceFen,
    skuInfos,
    cargoNumber: `${pick(r, ['A', 'B', 'K', 'M', 'X'])}${int(r, 100, 9999)}`,
  };
}

/** The one buyer the sandbox's token belongs to. */
export const BUYER = {
  loginId: 'tracker-demo-buyer',
  memberId: 'b2b-2207316541688a',
  userId: 2207316541,
  aliId: '2207316541',
  contactName: '采购部 林小姐',
  receivers: ['林小姐', '陈先生', '仓库 周先生', '黄小姐'],
} as const;
