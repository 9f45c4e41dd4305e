// Traditional → simplified Chinese for the characters that occur in trace lines (Taiwan's carriers and
// convenience-store logistics write traditional). Used by the remark classifier's normalisation.
const TRAD =
  '簽签攬揽運运遞递處处達达發发轉转傳传貨货櫃柜碼码區区電电話话無无聽听將将這这們们車车掃扫撥拨進进從从經经門门員员' +
  '時时間间滯滞於于暫暂氣气網网點点裝装單单號号遺遗損损費费與与聯联繫系問问題题異异還还歸归實实際际領领戶户務务約约' +
  '預预備备線线場场認认證证據据後后開开關关機机館馆誤误為为請请態态說说訊讯確确臨临攔拦棄弃絕绝樞枢紐纽廣广東东華华' +
  '義义烏乌蘇苏陽阳節节內内標标準准試试頭头過过遠远檢检驗验難难協协調调賠赔償偿辦办給给歷历狀状結结檔档屬属稱称動动' +
  '護护憑凭黃黄師师現现則则況况庫库倉仓齊齐記记錄录長长層层樓楼園园買买賣卖價价錢钱麼么嗎吗隊队顧顾應应該该離离郵邮' +
  '寶宝飛飞輛辆週周帳账謝谢歡欢麗丽兩两體体韻韵豐丰極极順顺圓圆聖圣匯汇鳥鸟丟丢壞坏擱搁廳厅鄰邻裡里裏里幫帮臺台總总' +
  '報报數数導导購购產产雙双寬宽讓让帶带寫写錯错詳详細细攜携貼贴託托輸输揀拣鎖锁囑嘱資资類类續续鐘钟鄉乡鎮镇縣县擔担' +
  '壓压濕湿擠挤變变違违審审遲迟緩缓劃划條条籤签複复復复換换驛驿' +
  '銷销毀毁尋寻訂订舊旧廠厂隨随額额絡络屆届滿满稅税櫥橱斷断刪删' +
  '雖虽啟启幣币種种盡尽' +
  '夥伙終终補补簡简選选';
export const TRAD_MAP = new Map<string, string>();
for (let i = 0; i + 1 < TRAD.length; i += 2) TRAD_MAP.set(TRAD[i]!, TRAD[i + 1]!);
export const TRAD_RE = new RegExp(`[${[...TRAD_MAP.keys()].join('')}]`, 'g');
export const toSimplified = (ch: string): string => TRAD_MAP.get(ch) ?? ch;
