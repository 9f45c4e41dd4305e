// The classifier's rule groups (classifyRemark.ts decides in which order they are asked): the Chinese rules
// here, each group's English rules in remarkRulesEnglish.ts, appended after them.
// Written on test/fixtures/corpus/study.tsv only. Pure, no I/O.
import { after, AGENT_PERSON, CARRIER_FACILITY, CARRIER_PERSON, DELIVERY_STAFF, G, rule, STATION, unless, type Rule } from './remarkLexicon';
import {
  RETURNED_EN,
  RETURNING_EN,
  RETURN_PARCEL_PROBLEM_EN,
  SIGNED_AFTER_PROBLEM_EN,
  EXCEPTION_EN,
  FAILED_EN,
  ATTEMPT_FIRST_EN,
  COURIER_TOOK_EN,
  FACILITY_SIGNED_EN,
  LOCKER_UNUSABLE_EN,
  DELIVERED_EN,
  COLLECTED_EN,
  HELD_AT_STATION_EN,
  AWAITING_EN,
  OUT_FOR_DELIVERY_EN,
  IN_TRANSIT_EN,
  PICKUP_FIRST_EN,
  PICKED_UP_EN,
  NOT_COLLECTED_YET_EN,
  INFO_RECEIVED_EN,
} from './remarkRulesEnglish';

// Twelfth pass, Chinese tables: a carrier's own return words ("退仓", "退库", "返货", "逆向": sent back to the warehouse or
// the merchant) and a transport-mode change that moves a prohibited item on instead of stopping it ("违禁品转陆运").
const RETURN_WORD = '退件|退货|退回件|退换货|退库单?|退仓|返货|逆向';
const NOT_MODE_CHANGE = `(?![^,;。!?\\n]*转(?:陆运|铁运|汽运|海运|陆路|公路|铁路|快运))`;
// Twelfth pass, second wave: who collects for the carrier in ERP, same-city and store tables (a rider, a driver, the carrier
// itself), and a store's name in a pickup-store table (门市, 门店, 店铺).
const COLLECTOR = `${CARRIER_PERSON}|配送员|派送员|骑士|跑腿|跑男`;
const CARRIER_PARTY = `${COLLECTOR}|物流公司|快递公司|承运商|承运人|物流|快递`;
// Stop 22: not the 门市 of a city's name (厦门市, 江门市, 海门市, 荆门市, 天门市, 玉门市): "快件到达【厦门市转运中心】" is no shop.
const STORE = '门市(?<![厦江海荆天玉澳]门市)|门店|店铺';

// returned: the return leg has ended with the sender.
export const RETURNED: Rule[] = [
  rule('returned.return_signed', '退签(?!失败)'),
  // Stop 20: a delivery whose recipient is the return ("已投递，收件人： 退回商家").
  rule('returned.return_signed', `(?:已投递|已签收|已妥投)[,;\\s]{0,3}(?:收件人|签收人)[:：]?\\s*(?:退回|退还|退给)(?:商家|卖家|寄件人|发件人|原寄)`),
  rule('returned.return_signed', `(?:退回|退件|退货|退还|回退|逆向|返货)${G(12)}(?:已签收|签收人|已妥投|妥投|已送达|已取回|已提货|已收回|已取件|已取货)(?!${G(6)}(?:${STORE}))`),
  rule('returned.return_signed', '(?:退回|退件|退货|退还|返回)(?:已)?(?:完成|成功)|(?<!未)完成(?:退货|退件|退回)|(?:退回|退件|退货)(?:件)?签收(?!失败)'),
  rule('returned.sender_received', `${unless(`(?:等待|待|请|需|通知|从)${G(4)}`, '寄件人|发件人|发货人|寄件方|发件方|发货方|原寄件人|寄方|卖家|商家')}(?:(?!未|没|不|拒|取消|推迟|延迟)[^,;。!?\\n]){0,4}(?:签收|取回|提货|收回|领取)`),
  rule('returned.sender_received', '签收人[:：]?\\s*(?:原)?(?:寄件人|发件人|发货人|寄件方|发货方)'),
  // "签收，收件人：退商家": signed for by whom the return goes back to (the next clause may name them).
  rule('returned.sender_received', `${after('退(?:回|还)?(?:给|至)?', '商家|卖家|寄件人|发件人|发货人')}(?<=签收[^;。!?\\n]{0,20})`),
  rule('returned.sender_received', `${unless(`(?:等待|待|请|需|通知|从)${G(4)}`, '寄件人|发件人|卖家|商家')}(?:已)?(?:确认)?${G(6)}(?:收货|取回)`),
  rule('returned.sender_received', `(?:寄件人|发件人|卖家|商家|仓库)(?:已)?签收${G(4)}(?:退件|退货|退回)|(?:退件|退货|退回件)(?:已)?入库`),
  rule('returned.sender_received', `${unless('从|在|到|向|往|去|待|等待|请|需', '卖家|商家|寄件人|发件人')}(?:已)?取(?:回|退|件|货)(?![件货]?(?:门市|门店|店|点))|退(?:货|件|回)(?:包裹)?(?:已取|配完|已配达(?!${G(6)}(?:${STORE})))`),
  rule('returned.back_with_sender', after('已(?:被)?(?:成功)?退(?:回|还)?(?:至|给|到)?(?:原)?', '寄件人|发件人|寄件方|发货人|卖家|商家|寄件门市|寄件门店')),
  // Second wave: a table's bare state "貨件送回寄件人" (returned to shipper; "正在送回寄件人的途中" is the return leg): weak.
  rule('returned.back_with_sender', '^(?:货件|包裹|快件|邮件)?(?:已)?送回(?:给|至)?(?:原)?(?:寄件人|发件人)(?=$|[。!])'),
  // Given back to whoever sent or ordered it ("已将运送物品归还给订单发起人", "已回件给商户", "已退回供应商").
  rule('returned.back_with_sender', `(?:已|已经)(?:将${G(10)})?(?:退还|归还|交还|回件)(?:给|至|到)?(?:原)?(?:商户|供应商|供货商|下单人|订单发起人|发起人|寄件人|发件人)|已(?:经)?(?:被)?退回(?:给|至|到)?(?:原)?(?:商户|供应商|供货商|下单人|订单发起人|发起人)`),
  // The seller or supplier took the return ("卖家已取买家未取货", "供货商确认退货-接收").
  rule('returned.sender_received', `(?:卖家|商家|寄件人|发件人)(?:已|已经)取(?![件货]?码|消)|(?:供货商|供应商|商户)(?:已)?确认${G(6)}(?:接收|收货|签收)`),
  // Eleventh pass, Chinese tables: the return leg delivered ("退回投遞成功", "返还-成功", Cantonese "退返左") or the sender
  // receiving it ("卖家已收到退货", "退回的包裹已成功被寄件人收到").
  rule('returned.return_signed', `(?:退回|退件|退货|返还)\\s*[-—]?\\s*(?:投递|递送|派送|配送)?成功|退返(?:左|咗|了)`),
  rule('returned.sender_received', `(?:寄件人|发件人|卖家|商家)(?:已)?(?:确认)?(?:成功)?收到(?:退货|退件|退回|商品|包裹)|被(?:原)?(?:寄件人|发件人|卖家|商家)(?:成功)?(?:收到|接收|签收)`),
  // Twelfth pass, Chinese tables: a return (or a refused parcel) taken back into stock ("返货入库", "退仓入库", "退回件已入库",
  // "拒收已入库", "退货已验收入库", "退货包裹已上架"; not "退货未入库", nor a returns warehouse taking it in, "退货仓入库": on the
  // way, nor "…入库，待退回"), the merchant confirming it into stock ("商家入库确认"), a return order finished or signed ("逆向完成",
  // "返货签收"): back, not on its way.
  rule('returned.sender_received', `(?:${RETURN_WORD}|拒收)(?:件|单|包裹)?(?!仓)(?:(?!未|没|待|将|无法|不)[^,;。!?\\n]){0,4}(?:入库|入仓|上架|收货(?!人|地址|方|信息))(?![^,;。!?\\n]*(?:待|等待|准备|将)退)|(?:商家|卖家|寄件人|发件人|供应商)${G(2)}(?:入库确认|确认入库)`),
  rule('returned.return_signed', `(?:逆向|返货|退仓|退库)(?:单|件)?(?:已)?(?:完成|成功)(?!率)|(?:逆向|返货)(?:单|件)?(?:已)?签收(?!失败)`),
  ...RETURNED_EN,
];

// returning: a return has started (a bare "已退回" usually means sent back, not arrived).
export const RETURNING: Rule[] = [
  // "站所将协助退货" / "可申请退回" offer a return that has not begun: the stage is what happened (the damage).
  rule('returning.sent_back', unless(`(?:协助|可以|可|申请)${G(2)}`, '退回|退件|退货|退还|转退|退至|厂退|退运|原路返回|逆向')),
  rule('returning.sent_back', '返回(?:寄件|发件|发货|商家|卖家|仓库|始发|原寄|寄方)|返回中|返还(?:商家|商户|卖家|寄件)'),
  // Back to the supplier ("退供应商"), or out of the pickup store after the buyer did not come ("七天未取，商品离开取货门市").
  rule('returning.sent_back', `退(?:给|至|回)?(?:供应商|供货商|商户)|未(?:取|领|提)[^;。!?\\n]{0,16}离开${G(10)}(?:门市|门店|${STATION})|(?:逾期|超期)?未(?:取|领|提)[^;。!?\\n]{0,8}(?:已)?送回`),
  // Eleventh pass: a consolidation warehouse refusing the parcel sends it back ("包裹因含带电物品被集运仓拒签"), a row headed
  // "返还-" names the return leg ("返还-收货人拒收"), a parcel on its way to the sender ("包裹正在运送给寄件人").
  rule('returning.sent_back', `(?:集运仓|转运仓)${G(2)}拒(?:签|收)|被(?:仓库|集运仓|转运仓)拒(?:签|收)|^返还\\s*[-—]|(?:运送|运回|送回|寄回|发回)(?:给|至|到)?(?:原)?(?:寄件人|发件人)`),
  // A post office's "批退" (approved for return: "窗口招領批退", "投遞局批退").
  rule('returning.sent_back', '批退'),
  // Twelfth pass: a carrier's own return order, going back to the warehouse or the merchant ("拒收退仓", "拦截系统拦截退仓",
  // "返货在途", "返货出库"; once back in stock it is returned, above): the return leg, whatever refusal or interception started it.
  rule('returning.sent_back', unless(`(?:协助|可以|可|申请)${G(2)}`, '退仓|退库(?!单)|返货')),
  // Second wave: brought to the sender's or seller's own store ("包裹重新配達寄件門市", "退回寄件門市"): the return leg, waiting for the
  // sender there.
  rule('returning.sent_back', `(?:配达|送达|到达|抵达|退回|送回|运回)${G(4)}(?:寄件|卖家|商家|发件)(?:人)?(?:${STORE})`),
  ...RETURNING_EN,
];

// A return parcel that is itself in trouble ("退件包裹异常，协寻中"; second wave: its store to be chosen again, "退貨門市重選門市"): a
// problem, not a return leg.
export const RETURN_PARCEL_PROBLEM: Rule[] = [
  rule('exception.return_parcel_problem', `(?:退件|退回件|退货)(?:包裹|件)?${G(4)}(?:异常|协寻|丢失|遗失|破损|损坏|滞留|关转|关店|停业|关闭|重选)`),
  // "违禁品(退货及罚款处理)": the return is the penalty for a prohibited item.
  // Not one sent back ("违禁品退回", "违禁品进行罚款退货中": a return leg) or moved on by another mode ("违禁品转陆运": in transit).
  rule('exception.problem_parcel', `违禁(?![^,;。!?\\n]*(?:退回|退货中))${NOT_MODE_CHANGE}`),
  // Twelfth pass: an interception type named by what it stops ("运营退货拦截", "逆向拦截"): the interception, a problem.
  rule('exception.intercepted', `(?:${RETURN_WORD}|退回)拦截`),
  // The return itself failed or was refused ("退件失败", "确认退货-拒收返库"), or a damaged or lost parcel went back to a
  // carrier's own facility ("小物流破损，退回物流中心", "退回物流中心-商品遗失"): a problem, not a return leg.
  rule('exception.return_parcel_problem', `(?:退件|退回|退货)(?:失败|不成功|未成功)|退货${G(4)}拒收|退回(?:${CARRIER_FACILITY})${G(12)}(?:破损|损坏|遗失|丢失)|(?:破损|损坏|遗失|丢失)[^;。!?\\n]{0,6}退回(?:${CARRIER_FACILITY})`),
  // Eleventh pass: a return that is refused ("商家拒绝退回"): a problem, not a return leg.
  rule('exception.return_parcel_problem', `拒绝${G(2)}(?:退回|退货|退件)`),
  // A problem parcel sent back to the carrier's own hub, not the sender, or a table's "possible exception" ("疑难件退回区域总部",
  // "可能异常：包裹退回、包裹丢失…"): the problem is what the clerk must see.
  rule('exception.return_parcel_problem', `(?:疑难件|问题件)${G(4)}退回(?:${CARRIER_FACILITY}|区域|总部|网点|分部)|^可能异常`),
  ...RETURN_PARCEL_PROBLEM_EN,
];

// A problem that was followed by a normal signing in the same line ("派件异常，但后续正常签收").
export const SIGNED_AFTER_PROBLEM: Rule[] = [
  rule('delivered.signed_after_problem', `(?:但|后续|最终|随后)${G(6)}(?:正常)?签收(?!失败)|(?:异常|问题)${G(6)}后,?\\s*正常签收(?!失败)`),
  // Eleventh pass: 快递100's state name "派件异常后签收" (signed after a delivery exception).
  rule('delivered.signed_after_problem', `(?:异常|问题)后,?\\s*签收(?!失败|异常|未|不)`),
  ...SIGNED_AFTER_PROBLEM_EN,
];

// exception: a problem parcel.
export const EXCEPTION: Rule[] = [
  rule('exception.problem_parcel', `${unless(`(?:${STATION})${G(6)}`, '滞留')}(?![^,;。!?\\n]*出仓)`),
  rule('exception.problem_parcel', after(`(?:安检|检查|查验|审核|验视|核验)${G(2)}`, '未通过|不通过|没通过|没有通过')),
  rule('exception.problem_parcel', `问题件|问题快件|疑难|协寻|列管|送错|条码(?:错误|重复)|超材|超大|超重|不取件|车辆故障|天候|路况不佳|道路中断|交通管制|爆仓|延误|扣留|扣押|扣件|查扣|扣关|违禁${NOT_MODE_CHANGE}|短少|少件|缺件|件数不符|挤压|变形|受潮|浸湿|错分|错发|分错|拒付|海关查验|交航失败`),
  rule('exception.refused', `拒签|签收${G(2)}被拒|被拒(?:签|收|绝)`),
  rule('exception.damaged_or_lost', unless('是否|有无|检查|谨防|防止|避免', '破损|损坏|受损|毁损|丢失|遗失|丢件|销毁|渗漏|漏液')),
  // Stop 22: a sorting error (百世's problem type 分拣差错); a 签收人 field saying the parcel went back into the carrier's
  // warehouse ("签收人: 快递已转入圆通公司仓库周一正常派送 已签收").
  rule('exception.problem_parcel', `签收人[:：]?\\s*${G(6)}(?:转入|转回|退回|返回|放回)${G(12)}(?:仓库|网点|公司)`),
  rule('exception.problem_parcel', '(?:分拣|操作|派送|中转)差错'),
  rule('exception.refused', `${unless('请|可|可以|当面|有权', '拒收')}|拒绝签收|拒绝收货|拒绝收件`),
  rule('exception.intercepted', '拦截'),
  rule('exception.pickup_failed', '揽(?:收|件)失败|遗漏揽(?:收|件)|漏揽(?:收|件)?|接单失败|下单失败|取(?:货|件)失败|建单失败|预报失败|分配物流失败'),
  // Held up on the way: a missed line-haul, a weather or force-majeure stop, a parcel kept at a depot.
  // Not arrived where it should be by now ("货件全部未抵达配送站所"): held up on the way.
  rule('exception.delayed', `(?:未|没有|尚未)(?:全部|全数|按时)?(?:到达|抵达|到件)`),
  rule('exception.delayed', `留仓|停滞|(?:配送|派送|送货|到货|司机)迟到|运输过久|不可抗力|错过${G(4)}(?:班车|航班|车次|班次)|车祸|湿损|运力不足`),
  // What is wrong with the parcel or its data: empty, fake, prohibited, wrong amount, not matching.
  // Papers or details the carrier or customs still needs ("需要补充清关资料"): stopped until they come.
  rule('exception.bad_parcel', `补充${G(4)}(?:资料|材料|文件|证件|信息)`),
  rule('exception.bad_parcel', `${after(`单号${G(4)}`, '失效')}|${after('安排|分配|操作', '错误|有误')}|有缺|件数有少|${after(`(?:网点|站点|门店|门市)${G(4)}`, '暂停')}|无法提供${G(4)}服务|${after(`待${G(8)}(?:更新|更正|核实|补充)${G(6)}`, '地址')}`),
  rule('exception.bad_parcel', `空包裹|无实际包裹|虚假|禁运${NOT_MODE_CHANGE}|有发无到|不一致|不符合|金额${G(2)}(?:不正确|错误|有误)|录入错误|重复下单|交接文件|理赔|赔付|查询不到|未全部到达|无头件`),
  rule('exception.overdue', `超时未签收|${unless('如|若|如果', '长时间')}(?:未|派件)|超过${G(6)}期限`),
  rule('exception.abnormal', unless('无|没有|如|若', '异常')),
  rule('exception.bad_address', `地址(?:不详|错误|有误|不全|不存在|不清)|地址${G(6)}(?:废弃|不存在)|信息(?:不全|有误|错误)|查无此人|电话(?:号码)?(?:错误|有误)|号码(?:错误|有误)|空号`),
  // Cancelled before or instead of a pickup ("订单在揽件前被取消", "揽件取消", "客户取消发货").
  rule('exception.cancelled', `${unless('未|不|是否|可|可以|申请|如何|若|如', '(?:已|被)取消')}|取消(?:发货|揽件)|(?:揽件|发货)(?:已)?取消`),
  rule('exception.cancelled', `${unless('未|不|是否|可|可以|申请|如何', '(?:订单|寄件|运单|快件|揽收|下单|取件)(?:已)?(?:被)?取消')}|已取消(?:寄件|订单|下单|揽收)|(?:托运单|运单)(?:已)?(?:被)?删除|取消(?:寄件|任务|订单|下单|揽收)|撤销(?:包裹|订单|运单|快件)|(?:已)?(?:撤销|销单|撤单)$|单已撤销|${unless('未|不|是否|可|申请', '作废')}`),
  // A pickup store that closed or moved: the parcel cannot reach it as addressed.
  rule('exception.bad_address', `门市${G(2)}(?:关转|关店|停业|关闭|尚未开店|未开店|未开业)|关转店|重选${G(4)}门市|无${G(6)}资料|资料(?:有误|错误)|搬家`),
  rule('exception.out_of_area', `超出(?:派送|配送|服务|收派|投递)范围|不在(?:派送|配送|服务|收派)范围|超区|非${G(4)}(?:揽件|揽收|派送|服务|收派)范围|不是${G(4)}负责(?:的)?区域`),
  // Something else failed on the way (清关失败, 中转失败): a problem, unless it is a delivery or a call that failed (failed_attempt).
  rule('exception.problem_parcel', `${unless(`(?:派送|派件|投递|配送|宅配|送货|送达|妥投|签收|代签|代收|联系|电联|呼叫|致电|拨打|通知)${G(6)}|取消${G(2)}`, '失败')}(?!签收|派送|派件|投递|配送)`),
  // A pickup that did not happen or was stopped ("未能取件", "无法安排取件", "终止揽收", "配送伙伴未能成功出发", "物品未准备好取件");
  // not the recipient failing to collect from a station ("收件人未能取件": waiting).
  rule('exception.pickup_failed', `${unless(`(?:收件人|收货人|客户|买家|顾客|消费者|您)${G(4)}`, `(?:未能|无法|不能)(?:成功)?(?:到|去|前往|安排|进行|为)?${G(8)}(?:取件|揽收|揽件)`)}|未能(?:成功)?出发|(?:终止|中止)${G(2)}(?:揽收|揽件|取件)|(?:揽收|揽件|取件)(?:被)?(?:终止|中止)|(?:物品|包裹|货物|货件|商品)${G(2)}未准备好(?=${G(2)}(?:取件|揽收|揽件))(?![^,;。!?\\n]*(?:推迟|延迟|改约|改期))`),
  // Wrong goods, a defect, a mis-sort; goods not arrived; a delivery running late; duty or tax still to pay. Stop 20: any
  // step running late (清关延迟, 转运延迟, 航班延迟), as in English ("Customs clearance delay", "Transit delay").
  rule('exception.problem_parcel', '错货|串货|窜货|瑕疵|错误分(?:拣|拨)|分(?:拣|拨)错误'),
  rule('exception.delayed', `(?:未|没有|尚未)到货|(?:配送|派送|运输|投递|发货|物流|清关|报关|转运|中转|运送|送货|揽收|派件|航班)(?:延迟|延误|延期)|航班${G(2)}取消`),
  rule('exception.bad_parcel', `(?:待|需|需要|请)${G(2)}(?:补税|缴税|补缴|缴纳${G(4)}税)`),
  // Eleventh pass, Chinese tables: a reason heading a row of a problem-parcel table. A step that ran out of time ("揽收超时",
  // "接单超时", "买家签收超时", "逾期未领"), a signing disputed ("签收未收到"), a warehouse that could not take the parcel in
  // ("包裹因含粉末无法正常入库"), a label, fee, packing or paper problem ("面单脱落", "未/少带派费", "外包装污染", "报关资料不详"),
  // a missed line-haul or a holiday stop ("未赶上中转", "节假日延迟派送"), a refusal to collect ("客户拒提").
  rule('exception.overdue', `${unless('如|若|如果|如有|若有|是否|防止|避免|以免', '(?:揽收|揽件|接单|签收|取件|取货|派送|配送|投递|发货|审核|处理)')}超时|逾期(?:未领|${G(6)}收回)`),
  rule('exception.abnormal', `${unless('如|若|如果|如您|若您', '(?:已)?签收')}(?:但|却)?(?:未|没有?)收到(?:货|货物|包裹|快件|商品)?(?=$|[,。;!])`),
  rule('exception.bad_parcel', `(?:无法|不能|未能)(?:正常)?(?:入库|入仓)|超${G(8)}免税额|单号${G(2)}重复|${unless('如|若|如果|以免|避免|防止', '信息')}${G(2)}(?:不详|不完整|缺失)|(?:报关|清关)资料${G(2)}(?:不详|不全|不足|缺失)|${unless('如|若|如果|如有|是否', '需要')}(?:提供)?(?:相关)?资料`),
  rule('exception.bad_parcel', `面单(?:脱落|不规范|重复|模糊|破损|错误|不清)|双面单|无面单|面单${G(8)}不符|(?:未|少|没)${G(3)}带${G(4)}(?:派费|派送费)`),
  rule('exception.problem_parcel', `(?:未|没有?)包装好|外?包装${G(2)}(?:污染|不良|不当|不合格|不规范)`),
  rule('exception.delayed', `(?:未|没)赶上|提前发车|(?:节假日|法定假日|假期)[^。!?\\n]{0,6}(?<!不|正常)(?:延迟|延误|暂停|无法|停派|停运|停止)|(?:卖家|商家|寄件人|发件人)${G(2)}(?:推迟|延迟|延期)`),
  rule('exception.refused', '拒提|拒领'),
  // A pickup that did not happen: refused by the courier, outside the branch's pickup area, unsuccessful, the sender unreachable or
  // closed, nobody taking the order, a bad order ("拒揽件", "地址非本网点揽收范围", "取件不成功再收", "联系不上商家",
  // "商家关店/未营业", "无人接单", "客户恶意下单", "上门后用户不接受价格").
  rule('exception.pickup_failed', `拒(?:绝)?揽|(?:非|不在|超出)${G(6)}(?:揽收|收件|取件)范围|(?:取件|揽收|揽件|取货)(?:不成功|未成功)|未及时(?:取件|揽收|揽件|拉货)|未来拉货|(?:联系不上|联系不到|无法联系)(?:商家|卖家|寄件人|发件人)|(?:商家|商户|店铺)${G(2)}(?:关店|关门|未营业|停业|歇业)|无${G(3)}接单|恶意下单|不接受价格`),
  // Cancelled by whoever ran the job: the rider, the shop, the platform ("达达配送员取消", "卖家取消提货", "申请取消配送", "當訂單被商戶…取消").
  rule('exception.cancelled', `(?:配送员|骑手|骑士|司机|商家|卖家|商户)(?:已|已经)?取消|${unless('如需|如要|可|可以|是否|若需|申请可', '取消')}(?:配送|派送|提货|取货)|被${G(16)}取消`),
  // Held until the sender or the recipient says what to do ("货件保留在配送站所，待寄件人/收件人通知后配送"), more weight than ordered ("实际重量尺寸大于客户下单的重量尺寸").
  rule('exception.problem_parcel', `待(?:寄件人|收件人|发件人|收货人|客户)${G(8)}通知|实际${G(6)}(?:大于|超过)${G(10)}(?:下单|申报)`),
  // The recipient moved away, money to collect that does not match, a theft ("收件人已搬走", "代收货款金额不符", "到付款不符", "快件被盗").
  rule('exception.bad_address', '搬走|搬迁|已搬离'),
  rule('exception.bad_parcel', `(?:金额|货款|付款|费用)${G(2)}不符`),
  rule('exception.damaged_or_lost', unless('防|以防|防止|谨防|避免|是否', '被盗|失窃|被偷')),
  // Duty not yet paid, named first ("税费待缴纳"), or goods confiscated ("包裹被海关没收").
  rule('exception.bad_parcel', `税(?:费|款|金)?${G(2)}(?:待|未|需)(?:缴纳|缴|支付|付)|没收`),
  // Twelfth pass, Chinese tables: a problem named by the operation that is missing after another ("有发未到", "有到未派", "有建包未拆包",
  // "有派未签"): the parcel stopped between two scans.
  // Not "所有到件未派送的…" (all that arrived), nor a question or a condition.
  rule('exception.problem_parcel', unless('所|没|还|只|拥|具|是否|如|若', '有(?:发|到|派|揽|收|建包|拆包|装车|卸车|装袋|拆袋)件?(?:未|无)(?:到|发|派|签|收|建包|拆包|装车|卸车|装袋|拆袋)')),
  // A step or a field left undone ("整包未称", "未填写收件人姓名…"), the sender asking to revoke the shipment ("寄件人申请撤销寄件"):
  // the parcel cannot go on as it is.
  rule('exception.bad_parcel', `(?:未|没有?)(?:称重|称|过磅)(?!心|号|呼)|${unless('如|若|如果|以免|避免|防止', '(?:未|没有?)填写?')}${G(12)}(?:姓名|电话|手机|地址|联系方式|信息|重量|单号)|(?:姓名|电话|手机|地址|联系方式|信息|重量|单号)${G(4)}(?<!如|若|如果)(?:未|没有?)填写`),
  rule('exception.cancelled', '(?:寄件人|发件人|客户|用户|商家|卖家|买家)(?:已)?申请(?:撤销|取消|撤回)(?:寄件|订单|下单|揽收|运单|发货)'),
  ...EXCEPTION_EN,
];

// failed_attempt: a delivery try that did not succeed.
export const FAILED: Rule[] = [
  rule('failed_attempt.unreachable', '找不到(?:收件人|收货人|客户)|无法联系|联系不上|联系不到|电联不(?:上|到)|联络不(?:上|到)|联系[^,;。]{0,4}未果|派送未果|无人接听|未接听|无人应答|无法接通|未接通|未能接通|关机|停机'),
  // Stop 23: goods that reached the receiver, who could not take them ("司机按时送达商户却无法收货"), as well.
  rule('failed_attempt.not_home', '(?:公司|行号|单位)[^,;。!?\\n]{0,2}(?:休息|放假|停止营业|停业|歇业)|不在家|(?:收件人|收货人|客户|本人|人)(?:暂时)?不在(?!派送|配送|服务|收派)|不方便|已下班|(?:无人|没人|没有人)(?:收件|收货|签收|接收|在家)|(?:无法|不能|没法|未能)(?:接|签)?收货(?!款)'),
  rule('failed_attempt.rescheduled', `预约再派|再派|(?:要求|申请)改派|${after(`(?:待|将|会|预约|要求|申请|安排|可|需)${G(8)}`, '再次(?:派送|投递|配送|送货)')}|重新(?:派送|投递|配送)|改约|改期|另约|改天|改日|(?:推迟|延迟|延期|暂缓)(?:派送|投递|配送|送货)|(?:客户|用户|收件人|收货人)要求(?:延迟|推迟|延期|改期|改约)`),
  rule('failed_attempt.delivery_failed', '(?:投递|派送|配送|送达|妥投)(?:成功|完成)(?<=未(?:能)?(?:投递|派送|配送|送达|妥投)(?:成功|完成))|派送拉回|(?:派送|派件|投递|配送|宅配|送货|送达|妥投)(?:不成功|未成功|失败)|未能(?:派送|投递|配送|送达|送货)|未派送成功|未妥投'),
  rule('failed_attempt.signing_failed', '(?:无法|未能|未)签收|签收失败|失败签收|(?:无法|不能)(?:投递|派送|配送|送达)'),
  // A signing or delivery that the same clause says failed ("代签失败", "签收未成功，…", "尝试签收失败").
  rule('failed_attempt.signing_failed', after(`(?:签收|代签|代收|妥投|投递|派送|派件|配送|送达)${G(6)}`, '失败|不成功|未成功|没成功|未完成')),
  // The recipient's side away or asking for another time ("到方周末不在", "到方改派件时间", "客户推迟收货"), a delivery
  // not made ("未能送件", "订单未送达"; not "尚未送达": not yet), a delivery run that could not be finished ("无法完成整个任务").
  rule('failed_attempt.not_home', `(?:到方|收方)${G(4)}不在(?!派送|配送|服务|收派)`),
  // Stop 19: "已与收方客户约定新派送时间 …,待派送" (顺丰): a new time agreed with the recipient, the visit not done.
  rule('failed_attempt.rescheduled', `(?:与|和)(?:收方|收件|收货)?(?:客户|收件人|收货人)约定(?:新的?|再次)(?:派送|派件|配送|送货|投递)时间|改(?:派件|派送|配送|送货|投递)?时间|(?:客户|用户|收件人|收货人|到方|收方)(?:要求)?(?:推迟|延迟|延期|改期)(?:收货|收件|派送|配送)`),
  rule('failed_attempt.delivery_failed', `未能送件|${unless('尚|还|仍|是否', '未送达')}|(?:无法|未能|不能)完成${G(6)}(?:任务|派送|配送|投递|送货)`),
  // Eleventh pass: not handed over or not delivered as tables put it ("未能將包裹交付給收件人", "投遞局未投妥"), a new time the
  // recipient asked for ("收件人重新安排交付時間").
  rule('failed_attempt.delivery_failed', `未能${G(4)}交付|未(?:能)?投妥|未(?:能)?成功(?:派送|投递|配送|送达|送货)`),
  rule('failed_attempt.rescheduled', `重新安排${G(4)}(?:交付|派送|配送|投递)(?!站|中心|网点)`),
  // The recipient's side closed or not letting the courier in ("周末不上班", "小区不让进", "门卫不让进"): a failed attempt.
  rule('failed_attempt.not_home', `不上班|(?:周末|周六|周日|双休日?)${G(2)}(?:休息|放假)|不让进|(?:无法|不能|不允许)进入(?:小区|园区|校园|大楼|楼内|厂区)`),
  // The courier brought it back ("派件员已将快件带回网点"): the delivery try is over, not under way.
  rule('failed_attempt.delivery_failed', '(?:快件|包裹|货物|已|将)带回'),
  ...FAILED_EN,
];
// An attempt named first, then its reason ("Attempted Delivery: Insufficient Address", "Unsuccessful Attempt - Bad
// Address", "Delivery attempted on time - incomplete address …"): the event is the failed attempt, whatever the
// reason; checked before the exception rules that read the reason alone. Not a refusal or rejection, damage, loss, hold,
// customs, or an address outside the area (those stay exceptions: the next attempt cannot succeed).
export const ATTEMPT_FIRST: Rule[] = [
  // The same in a Chinese status table, heading then reason ("投递失败-地址错误", since the twelfth pass also "妥投失败-…" and
  // "签收失败-…"; a sentence "派送失败，地址错误" stays the
  // exception it reports), and an exception heading whose reason is reaching the recipient ("异常-联系不上客户", "异常-客户推迟收货"): the event is the failed attempt.
  rule('failed_attempt.delivery_failed', `^(?:投递|派送|派件|配送|送货|妥投|签收)(?:失败|不成功|未成功|拉回)\\s*[-—:](?![^;。!?\\n]*(?:拒|破损|损坏|丢失|遗失|海关|违禁|超区|超出))`),
  rule('failed_attempt.unreachable', `^异常\\s*[-—:]\\s*(?:联系不上|联系不到|无法联系|电话|无人(?:接听|应答|在家)|客户|收件人|收货人|到方|收方)(?![^;。!?\\n]*(?:拒|破损|损坏|丢失|遗失|地址|超区|超出|取消))`),
  // Eleventh pass: a table row whose reason led to a failed delivery ("地址错误，由于收件人地址不正确，导致投递失败",
  // "由于无法联系收件人，导致递送失败", "投递失败，包裹尝试派送但未能成功交付"): the event is the failed attempt.
  rule('failed_attempt.delivery_failed', `(?:导致|造成)${G(2)}(?:投递|递送|派送|配送)失败(?<!拒[^。!?\\n]{0,40})|^(?:投递|派送|配送)失败,${G(4)}尝试`),
  // A bad address or number and the recipient then unreachable ("地址不详，电话联系不上", "电话错误,空号,停机"), or a table's
  // description that the parcel could not be handed over ("收件人提供的地址有誤，無法準確交付包裹"): the failed attempt, unless the
  // line names an exception, a loss, damage or a refusal.
  rule('failed_attempt.unreachable', `(?:地址|电话)${G(4)}(?:错误|不详|有误)[^;。!?\\n]{0,8}(?:停机|联系不上|联系不到|无人接听|关机)(?![^。!?\\n]*异常)`),
  rule('failed_attempt.delivery_failed', `(?:无法|未能)${G(4)}交付(?<!(?:损|丢|遗失|拒|销毁|海关|清关|违禁|禁运|资料)[^。!?\\n]{0,60})|无法与(?:收件人|收货人|客户)${G(2)}(?:联络|联系)`),
  ...ATTEMPT_FIRST_EN,
];
// The courier took the parcel back out of a locker or station ("已被快递员取出", "快递员已将包裹从丰巢柜取回"):
// the locker delivery did not work out, whoever collects it next. Checked before any pickup.
const COURIER_AT_LOCKER = `快递员|快递小哥|小哥|${DELIVERY_STAFF}|管理员`;
export const RETRIEVED_BY_COURIER: Rule[] = [
  rule('failed_attempt.retrieved_by_courier', after(`(?:${COURIER_AT_LOCKER})${G(16)}`, '取出|取回')),
  // "取走" alone is also a pickup from the sender: a locker or station has to be named.
  rule('failed_attempt.retrieved_by_courier', after(`(?:柜|箱|${STATION})${G(16)}(?:${COURIER_AT_LOCKER})${G(8)}|(?:${COURIER_AT_LOCKER})${G(16)}(?:柜|箱|${STATION})${G(8)}`, '取走')),
];
// A carrier's person took the parcel ("骑手已取货", "业务员取件成功", "快递员已上门取件", "已从商家取货"): collected
// from the sender, whatever verb a recipient's collection would use. Checked before any delivered rule.
export const COURIER_TOOK: Rule[] = [
  // Not one that is awaited, notified, on its way or not yet done ("等待快递员揽收", "快递员正在上门取件途中", "快递员尚未揽收").
  rule('picked_up.courier_took', `${unless(`(?:等待|等|待|通知|请|预约|安排|分配|派遣|指派|委派|调派)${G(4)}`, CARRIER_PERSON)}(?:(?!正|赶往|前往|将|会|要|待|等|未|没|尽快|准备)[^,;。!?\\n]){0,6}(?:取件|取货|提货|取走|揽收|揽件|收件)(?!码|人|地址|途中|点|中)(?!,?\\s*(?:正在)?(?:配送中|派送中|送货中)|,?\\s*(?:正在|正)?(?:送往|赶往|前往)${G(4)}(?:收件人|收货人|顾客|客户|买家|您|目的地|收货地址|收件地址))|(?:从|在)(?:商家|卖家|寄件人|发件人|发货人|(?:用户|客户|寄件人|您)家)${G(6)}(?:取件|取货|提货|取走)|(?:揽收|揽件|收寄)(?:点|网点|站)${G(2)}(?:已)?签收`),
  // A 揽收 completed ("配送员完成揽收", "配送员…已经揽收完成"), or the goods handed to a carrier ("货物已交付京东快递"):
  // the carrier has it, whatever the person's title.
  rule('picked_up.courier_took', `${unless(`(?:未|没有|尚未|待|等待|准备|将)${G(4)}`, '(?:揽收|揽件)(?:已)?完成|完成(?:揽收|揽件)')}|(?<!转)已交(?:付|给|予)${G(6)}(?:快递|物流|速运|速递)(?!员|小哥|柜|站|点)`),
  // Stop 23: the collecting courier taking a sender's parcel out of a locker or station (顺丰: "收件员从【丰巢智能快递柜】取出快件"):
  // the pickup, not the recipient's collection (COURIER_AT_LOCKER, the delivering staff, keep RETRIEVED_BY_COURIER).
  rule('picked_up.courier_took', `(?:收件员|取件员|揽件员|揽收员|收派员)(?:已)?从${G(24)}(?:柜|箱|${STATION})${G(4)}取(?:出|走)`),
  // Eleventh pass: a bare table state "取件成功" / "取货成功", no recipient or station named: the courier's or rider's pickup.
  rule('picked_up.courier_took', '^(?:取件|取货)成功(?=$|[。!]|[,，\\s]*(?:等待|待)(?:派件|派送|发出))'),
  // Second wave: a warehouse handing the goods over to the carrier ("仓库已交接承运商").
  rule('picked_up.courier_took', `仓库${G(4)}(?:交接|移交|交付|交给)(?:给)?${G(2)}(?:承运商|承运人|物流公司|快递公司|快递员|司机)`),
  ...COURIER_TOOK_EN,
];
// A carrier's own facility signed for or received the parcel ("海外仓已签收", "签收人：广州转运中心",
// "Delivered to airline"): handed on along the way, not delivered. Checked before any delivered rule.
export const FACILITY_SIGNED: Rule[] = [
  rule('in_transit.facility_signed', `(?:${CARRIER_FACILITY})(?:已|已经)?(?:签收|妥投)|签收(?:人|方)[:：是]?\\s*${G(12)}(?:${CARRIER_FACILITY})|妥投(?:至|到|于)${G(8)}(?:${CARRIER_FACILITY})`),
  ...FACILITY_SIGNED_EN,
];
// The locker or station itself could not take the parcel (cannot be opened, out of use, not found):
// a failed delivery, though a locker is named.
export const LOCKER_UNUSABLE: Rule[] = [
  rule('failed_attempt.locker_unusable', `(?:柜|箱|locker)${G(8)}(?:不能|无法|不可)(?:使用|打开|开启)|(?:不能|无法|不可)(?:打开|开启|使用)${G(2)}(?:柜|箱|locker)|(?:找不到|无法找到)${G(6)}(?:柜|locker|驿站|站点)|(?:柜|locker|驿站)${G(2)}(?:找不到|无法找到)`),
  ...LOCKER_UNUSABLE_EN,
];
// The parcel was left at a station/locker: whatever went wrong before, it now waits there.
export const LEFT_AT_STATION = new RegExp(`取件码|提货码|取货码|待取(?!件)|入柜|已放至|已放入|存放至|存放在|自提|${STATION}|\\blocker\\b|ready for (?:pick-?up|collection)|available for (?:pick-?up|collection)|held for (?:pick-?up|collection)|awaiting (?:the )?(?:cnee|consignee|recipient|customer) (?:collection|pick ?-?up)`);

// delivered: signed for by the recipient or an agent.
export const SIGN_NEG = `(?:未|无法|未能|不能|不予|没有|没|拒绝|拒|待|等待|尚未|需|需要|以便|便于|准备|请|可|方便|要求|注意|及时|失败)${G(4)}`;
// Listed strongest first: the evidence names the first rule that matches.
export const DELIVERED: Rule[] = [
  rule('delivered.agent_signed', unless(SIGN_NEG, '代签')),
  // Handed to the recipient in person ("快件已交给收件人本人"), or signed in writing ("收件人已签字").
  rule('delivered.handed_to_recipient', `${after(`已(?:经)?(?:将${G(8)})?(?:交给|交予|交付|交到|送交)(?:了)?`, '收件人|收货人|客户|买家|本人')}|${unless(SIGN_NEG, '已签字|签字确认')}`),
  rule('delivered.agent_signed', `(?:${AGENT_PERSON}|公司|单位)[】\\])]?\\s*代(?:签)?收`),
  rule('delivered.recipient_signed', `${unless(SIGN_NEG, '签收')}(?!前|时|后|失败|不成功|未成功|异常|码|提醒|短信|通知|点|网点|站点|城市)`),
  rule('delivered.proper_delivery', unless(SIGN_NEG, '妥投')),
  rule('delivered.proper_delivery', unless('未|不|没有', '投递成功')),
  rule('delivered.left_at_door', `(?:已|要求)(?:将${G(8)})?(?:放置|放在|放至|放到|放)${G(4)}(?:门口|家门|门卫|前台|收发室|物业|传达室)`),
  rule('delivered.left_at_door', after(`(?:已|已经)(?:送达|送至|送到|交给|交予|交至)${G(2)}`, '门卫|前台|收发室|物业|传达室|保安')),
  rule('delivered.left_at_door', `(?:投递|投入|放入|放进)(?:至|到|进)?${G(6)}(?:信箱|信报箱|邮箱)`),
  rule('delivered.delivery_completed', unless('未|不|没有', '(?:派送|派件|投递|配送|送货|交付)(?:已)?(?:成功|完成)')),
  // 新竹物流: "貨件已由西屯集配站送達", the branch delivered it (weak: doubtful).
  rule('delivered.delivery_completed', `(?:货件|包裹|快件|商品)已由${G(12)}(?:站|所|中心|网点|营业部|分部)送达(?!${G(4)}(?:${STORE}|店))`),
  rule('delivered.delivery_completed', `${unless('未|不|没有', '(?:派送|派件|配送|送货)完毕')}|货到付款成功|已(?:成功)?送达(?=$|[,。;!]|收件人|客户|本人|您)|已投递(?=$|[,。;!])|配达完成|配完(?!状态)`),
  rule('delivered.delivery_completed', unless(`(?:未|待|等待|预计|将|准备)${G(2)}`, '完成(?:派送|配送|投递|派件)(?!后)')),
  // Eleventh pass: a table's name for a finished delivery ("包裹已经送达", "包裹已成功投递", Cantonese "包裹送達左", "成功送達給收件人",
  // "包裹送达业主、门卫、家人或邻居", a bare "已交付").
  rule('delivered.delivery_completed', `已(?:经|成功)(?:送达|投递)(?:(?:至|给)(?:收件人|收货人|客户|本人|买家))?(?=$|[,。;!])|送达(?:左|咗)|${unless('未|不|没有|无法|未能|不能|将|即将|预计', '成功送达')}(?:给)?(?:收件人|收货人|客户|买家)|${unless('未|不|没有|无法|未能|不能|将|即将|预计|待|准备|正在|尚未', '送达')}(?:给)?(?:业主|门卫|家人|邻居)`),
  // A bare "已交付" names no one it was handed to: a weak delivered (doubtful, remarkDoubt.ts).
  rule('delivered.delivery_completed', '^(?:包裹|快件)?已交付(?=$|[。!])'),
  // Second wave: a bare completion or arrival naming nothing else ("已完成", "訂單已完成", "貨件送達", "順利送達"; a place or a step named
  // with it is read by its own rules): a weak delivered (doubtful).
  rule('delivered.delivery_completed', '^(?:[【\\[][^】\\]]{0,12}[】\\]]\\s*)?(?:(?:(?:订单|配送|派送|送件|投递|货件|包裹|快件|邮件|商品)(?:已经?)?|已经?)(?:完成|(?:顺利|成功)?送达)|(?:顺利|成功)送达)(?=$|[,。!]\\s*(?:感谢|谢谢|$))'),
  rule('delivered.handed_to_recipient', unless(SIGN_NEG, '(?:已|并)签名')),
  // Left where the recipient agreed ("经客户同意，快件已放在（A802）").
  rule('delivered.left_at_door', `经${G(6)}(?:同意|允许)${G(2)},?${G(6)}已(?:放|放在|放至|放置|存放)`),
  // The buyer confirmed receipt ("买家确认收货"): delivered, weak (doubtful: a confirmation, not a signing); a system's automatic
  // confirmation is not the buyer's.
  rule('delivered.delivery_completed', `${unless('未|待|请|尚未|等待|提醒|是否|自动', '(?:买家|收件人|收货人|客户|用户)(?:已|已经)?确认收货')}(?!后|前|时|超时)`),
  ...DELIVERED_EN,
];
// Recipient collected it from a station/locker: delivered even though a station is named.
export const COLLECTED: Rule[] = [
  // "请凭取件码到丰巢柜取出" is an instruction: the negation window reaches back a whole clause.
  rule('delivered.collected_from_station', unless(`(?:未|尚未|没有|待|请|及时|尽快|前往|可|需|到|去)${G(12)}`, '取出|取走|(?:已|已经)被领取')),
  // Someone took it for the recipient ("已被家人代取"), or it left the locker ("已出柜").
  rule('delivered.collected_from_station', `${unless('未|待|请|可|需', '代取')}(?!件码|货码|点|站|柜)|${unless('未|待|请|尚未', '出柜')}(?!码)`),
  rule('delivered.collected_from_station', `(?:收件人|收货人|收方|客户|本人|顾客|用户|买家|消费者)(?:已|已经)(?:在${G(20)})?(?:取件|领取|提货|自提|取货|取走|取出)(?!码)`),
  // 取件门市 / 取货点 name where to collect (已到店 (到達取件門市): arrived at the pickup store), not a collection.
  rule('delivered.collected_from_station', `已(?:至|到|在)(?:门市|门店|店|${STATION})${G(4)}取(?:件|货)(?!码|门市|门店|店|点|柜|站)`),
  rule('delivered.collected_from_station', `签收人[:：]?\\s*${G(8)}(?:取件|取出|取走)(?!码)`),
  rule('delivered.collected_from_station', `签收人在${G(64)}领取`),
  rule('delivered.collected_from_station', unless(`(?:请|需|可)${G(4)}`, `凭(?:取件码|取货码|提货码|取件号|码)${G(6)}签收`)),
  rule('delivered.collected_from_station', unless(`(?:等待|待|请|通知|需|可|及时|尽快|派遣|指派|委派|调派|安排)${G(4)}`, '(?:用户|收件人|收货人|买家)(?:已)?(?:提货|取货)(?!码|门市|门店|店|点)')),
  // "您已在…店完成取件": the recipient finished collecting it, wherever the store is.
  rule('delivered.collected_from_station', `${after(`(?:您|收件人|收货人|客户|本人|用户|买家|顾客|消费者)(?:已|已经)${G(40)}`, '完成(?:取件|取货|提货)')}(?!码)`),
  // "自提点用户签收": the recipient signed for it at the station.
  rule('delivered.collected_from_station', after(`(?:${STATION})${G(4)}(?:用户|客户|收件人|收货人|本人|买家)(?:已)?`, '签收')),
  // "已由【客户指定地点】代收" (京东): a place the recipient chose took it for them.
  rule('delivered.agent_signed', `${after('(?:客户|您|收件人|收货人)(?:所)?', '指定')}${G(8)}代(?:签)?收`),
  // "收件人已收取…货件", "收件人已收到": the recipient has it.
  rule('delivered.handed_to_recipient', `(?:收件人|收货人|客户|买家)(?:已|已经)(?:收取|收到|收下)(?!货款|款|通知|短信|信息|取件码)`),
  // Stop 23: "取件成功，等待派件" / "取件成功，派件中" is a courier's collection followed by the delivery leg, not the recipient's.
  rule('delivered.collected_from_station', `(?:取件|取货|领取|提货|自提)成功(?![,，\\s]*(?:等待|待)?(?:派件|派送|配送|发出|发往))|(?:消费者|买家|收件人|客户)已取货`),
  rule('delivered.collected_from_station', '已(?:被)?(?:收件人|收货人|客户|本人)?(?:领取|自提|自取|取走|取出)'),
  // "已被本人取件", "取件人：本人": who took it is the recipient (a courier's pickup names the courier).
  rule('delivered.collected_from_station', `已(?:被|由)(?:收件人|收货人|收方|客户|本人)${G(4)}(?:取件|提取|取货|提货)(?!码)|取件人[:：]?\\s*(?:本人|收件人|收货人|家人|家属)`),
  rule('delivered.collected_from_station', unless(`(?:请|需|可|及时|尽快)${G(6)}`, `(?:收件人|收货人|收方|客户|本人|顾客|用户)(?:已|已经)?(?:在|从|到|至|于)${G(20)}(?:提取|领取|取件|取走|取出|自提|提货|取货|签收)(?!码)`)),
  rule('delivered.collected_from_station', `(?:${STATION})${G(12)}已(?:经)?取件|已从${G(16)}(?:${STATION})${G(4)}取(?:件|走|出)`),
  rule('delivered.collected_from_station', `在${G(20)}(?:${STATION}|门市|门店)${G(8)}完成(?:取件|取货|提货)(?!码)`),
  // "已完成包裹成功取件" (门市): the recipient's pickup; a courier's pickup names the courier.
  rule('delivered.collected_from_station', unless(`(?:未|待|快递员|小哥|揽件员|收件员|上门|师傅)${G(8)}`, '成功(?:取件|取货|提货|领取)(?!码)')),
  rule('delivered.collected_from_station', unless(`(?:待|请|可|需|及时|尽快)${G(4)}`, '自提取(?:件|货)(?!码)')),
  rule('delivered.collected_from_station', `已签收${G(4)}(?:${STATION})${G(2)}(?:取件|取货|提货)(?!码)`),
  // Eleventh pass: left with or signed for by a guard or front desk, then told to fetch it there ("包裹已放在门卫处，请取件",
  // "包裹已被前台签收，请取件"): delivered, whatever request follows; the Taiwanese recipient collecting ("收受人領取").
  rule('delivered.agent_signed', `已被(?:门卫|前台|收发室|传达室|物业|保安)(?:处|室)?(?:签收|代收)(?=$|[,。;!])`),
  rule('delivered.left_at_door', `已(?:放|放在|放至|放到)(?:门卫|前台|收发室|传达室|物业|保安)(?:处|室)?(?=$|[,。;!])`),
  rule('delivered.collected_from_station', `${unless('未|待|请|尚未|通知|等待|可|需', '收受人')}(?:已)?(?:领取|领收)(?!码)`),
  // The recipient collected it with the code ("收件人已通过取件码取件"): the code names the collection, not a wait.
  rule('delivered.collected_from_station', `(?:收件人|收货人|客户|本人|用户|买家|顾客)(?:已|已经)(?:通过|凭|使用|用)${G(10)}(?:取件|取货|提货|取出|取走)(?!码)`),
  // Twelfth pass: whoever came to collect has taken it ("取件人已取"; not "取件人已取件": a courier's pickup reads so too): a
  // collection, weak (doubtful: neither the place nor the person is named).
  rule('delivered.collector_took', '取件人(?:已|已经)(?:取(?=$|[,。;!])|领取|取走|取出)(?!码)'),
  // Second wave: a store table's bare state "已取貨" / "已完成取貨" (a carrier's pickup names the courier or rider, decided before):
  // the recipient's collection, weak (doubtful: nobody is named).
  rule('delivered.collector_took', '^已(?:经)?(?:完成)?取货(?=$|[。!])'),
  // A store's collection finished ("門市取貨完成"): weak too, a store may also hand a parcel to the carrier.
  rule('delivered.collector_took', `(?:${STORE})${G(2)}(?:取货|取件|提货)(?:已)?完成`),
  ...COLLECTED_EN,
];
// "已出库" means collected only when a station is named (a warehouse 出库 is before shipping).
export const OUTBOUND = new RegExp(unless('未|尚未|没有|待', '出库'));
export const STATION_ANY = new RegExp(STATION);
// Signed by a station or locker ("签收人：菜鸟驿站", "驿站代收"): held there, not delivered.
// Eleventh pass: the recipient is waited for to collect ("包裹已送達，等待買家取件", "已签收，等待收件人领取"): it waits, whoever
// signed or delivered it there; a courier waited for ("等待快递员取件") is a pickup not made yet.
const RECIPIENT_TO_COLLECT = rule('awaiting_pickup.collect_instruction', `(?:等待|待)(?:收件人|收货人|客户|买家|顾客|您)${G(4)}(?:取件|取货|领取|提货|自取|自提)(?!码)`);
export const HELD_AT_STATION: Rule[] = [
  rule('awaiting_pickup.held_by_station', `签收(?:人|方式|网点)[:：]?\\s*${G(12)}(?:${STATION})`),
  rule('awaiting_pickup.held_by_station', `(?:${STATION})${G(4)}(?:代收|签收)`),
  // "【菜鸟的温州燎原华庭7栋103号店】代签收": a shop or point signs for the recipient.
  rule('awaiting_pickup.held_by_station', '(?:店|站|点|柜)[】\\])]?\\s*代(?:签)?收'),
  // "签收人是（快递已送代理点…）": the signer line says where it was left.
  rule('awaiting_pickup.held_by_station', `已(?:送|放|存)${G(4)}(?:${STATION})`),
  // "已签收，请尽快领取": the signer holds it for the recipient.
  rule('awaiting_pickup.collect_instruction', `请${G(6)}(?:领取|取件|取货|提货|提取)(?!码)`),
  rule('awaiting_pickup.held_by_station', `(?:放入|放至|存入|存放|投递至|投放至|暂存)${G(12)}(?:${STATION}|柜)`),
  // "投柜或站签收": signed by the locker or the station.
  rule('awaiting_pickup.held_by_station', '投柜|(?:柜|站)(?:或|和|/)(?:站|柜|驿站)'),
  // "派送站点签收", "配送站点已签收": the delivering station signed for it, no person is named.
  rule('awaiting_pickup.held_by_station', '(?:站点|分站|配送站|派送站)(?:已)?(?:签收|代收)(?![^;。!?\\n]*(?:本人|他人|家人|前台|门卫|签收人))'),
  // Eleventh pass: a 菜鸟 station or a locker spelt 蜂巢 (for 丰巢) as the signer in 申通's "<signer>-已签收" form ("卫生所对面菜鸟-已签收").
  rule('awaiting_pickup.held_by_station', '(?:菜鸟|蜂巢)\\s*[-—]\\s*(?:已)?签收'),
  RECIPIENT_TO_COLLECT,
  ...HELD_AT_STATION_EN,
];

// awaiting_pickup: in a locker or station, waiting for the recipient.
// A station the address was changed to ("二次路由已更新自提点地址", eleventh pass) is where it will go, like one it is sent to.
export const STATION_HERE = unless(`(?:发往|下一站|前往|送往|运往|更新|改为|变更为)${G(20)}|(?<!已)(?:将|可|可以|会|拟)${G(6)}`, `${STATION}|代收(?!货款|款)`);
export const AWAITING: Rule[] = [
  // The recipient has not come for it yet ("收件人未领取", "收件人未至站所收件"): it waits there.
  rule('awaiting_pickup.collect_instruction', after(`(?:收件人|收货人|客户|买家|顾客|消费者)(?:尚|仍|还)?(?:未|没有)${G(12)}`, '领取|取件|提货|取货|自取|收件|取走')),
  rule('awaiting_pickup.pickup_code', `取件码|提货码|取货码|取件号|自提码|(?:自提|取件|取货|提货)通知|上门自提|${unless(`(?:${COLLECTOR})(?:[」』\\])】\\s,]{0,2}|(?:已)?(?:接单|抢单|到店|就位)[,\\s]{0,2})`, '待取')}(?!件|餐)|待领(?:取|件)|入柜|投柜|待(?:客户|收货人|收件人)?自提|招领`),
  rule('awaiting_pickup.pickup_code', `凭${G(20)}(?:到|至)${G(40)}取`),
  // Stop 22: a code to collect it with, no place named ("已到…顺丰门市，凭16009免费取").
  rule('awaiting_pickup.pickup_code', `凭${G(12)}(?:免费|到店)?(?:取|领取|提取)(?!消)`),
  // Delivered to a store or put in a locker ("配達取件門市", "已投递至智能包裹柜"), a collection notice ("简讯通知取件"), not collected yet at the store.
  rule('awaiting_pickup.at_station', `配达${G(8)}(?:${STORE})|(?:已至|已到|已到达|已抵达|送达)${G(8)}(?:取件|取货)(?:${STORE}|店)|通知(?:您|收件人|收货人|客户|买家)?(?:取件|取货|领取|提货)(?!码)|(?:到店|到站|到柜)${G(4)}(?:尚未|未|还未)${G(2)}(?:取货|取件|领取)|(?:投递至|投放至|放入|存入)${G(12)}(?:${STATION}|柜)`),
  // "快件已送达【菜鸟的…2号店】": delivered into a named shop, locker or point, which holds it.
  rule('awaiting_pickup.at_station', `送(?:达|至|到)${G(2)}[【\\[][^】\\]]{0,40}(?:店|柜|驿站|代收点|自提点|服务点)[】\\]]`),
  // Stop 22: not a drop-off point where the courier took the sender's parcel in ("到达：…便民寄存点 已收件").
  rule('awaiting_pickup.at_station', `(?:${STATION_HERE})(?![^,;。!?\\n]*(?:已收件|已揽件|已揽收|(?:揽件|收件)扫描))`),
  // Second wave: arrived at a pickup store ("已到收件門市", "包裹已抵達收件門市", "已送达取件门店"); not on the way to one ("運往取件門市途中").
  // Not the sender's store or a sender dropping it off ("已到寄件門市", "賣家已到門市寄件"), nor a driver taking it back ("司機已到門市取回"),
  // nor a rider or driver come to the shop to collect ("骑手已到达门店": an order being served).
  rule('awaiting_pickup.at_station', `${unless(`(?:往|将|预计)${G(4)}|(?:${COLLECTOR})${G(4)}`, '(?:到|抵达|到达|送达|送到|送至|交至|放在|放到|放于|放至)')}${G(6)}(?<!寄件|寄货)(?:${STORE})(?![^,;。!?\\n]*(?:途中|寄件|寄货|交寄|取回))`),
  rule('awaiting_pickup.collect_instruction', after(`请${G(6)}(?:前往|到|去)${G(10)}`, `${STATION}|网点|门店|门市`)),
  rule('awaiting_pickup.collect_instruction', `${unless(`上门|揽件|(?:骑手|骑士|配送员|快递员|派送员|跑男|司机|小哥)${G(4)}`, '请|前往')}${G(14)}(?<!上门|快递员|揽)(?:取件|领取|提货|取货|提取|自取|自提)(?!${STORE}|店)`),
  rule('awaiting_pickup.collect_instruction', `等待${G(6)}自(?:取|提)|自取|(?:收件人|收货人|客户)要求${G(8)}(?:取货|取件|提货)`),
  // Eleventh pass: told to come for it ("请自己来取"), there "以供领取" (for collection), kept at the post office ("留局").
  rule('awaiting_pickup.collect_instruction', `请${G(4)}来取(?!消)|以供(?:领取|自取|提取)|留局`),
  // Stop 22: 中華郵政's deposit at a post office or a police station for collection, arrival in a branch's PO box.
  rule('awaiting_pickup.at_station', `(?:寄存送达|(?:邮局|警局|派出所)寄存)(?![^。!?\\n]{0,8}(?:转运|期满|退))|到达支局信箱`),
  // Delivered to a shop or point that keeps it ("您的快件已送达 茅岭镇韵达快递 保管"): it waits there.
  rule('awaiting_pickup.at_station', `(?:送达|送至|放在|存放)${G(24)}保管`),
  // Second wave: the goods at the store ("商品已到店"; a rider's 到店 is an order being served) or set aside at an office ("暫置營業所保管中").
  rule('awaiting_pickup.at_station', `(?:商品|包裹|货件|快件|货物)${G(2)}到店|暂置${G(6)}(?:营业所|营业部|网点|${STORE})|(?:营业所|营业部)${G(4)}保管`),
  RECIPIENT_TO_COLLECT,
  ...AWAITING_EN,
];

// "正在第2次派件": a numbered dispatch round is out for delivery even when the courier's account
// is named after a station ("业务员 朱丹工大西六菜鸟驿站 正在第2次派件").
export const DISPATCH_ROUND: Rule[] = [
  rule('out_for_delivery.delivering', '正在第?[0-9一二三两]+次(?:派件|派送|配送|投递)'),
  // "顺丰店/便利店派件出仓", "快件卸车且派件出仓": leaving for delivery, though a store or a scan is named.
  rule('out_for_delivery.delivering', '派件出仓|出仓派(?:件|送)'),
  // Stop 22: 京东's "快递员【某】已出发" (not on the way to collect from the sender).
  rule('out_for_delivery.delivering', `(?:快递员|配送员|派送员|派件员)${G(12)}已出发(?![^。!?\\n]{0,12}(?:揽|取件|取货|收件))`),
  // Stop 22: 韵达's "到达：…分部 指定：陈某(电话) 派送": the courier named for the delivery.
  rule('out_for_delivery.delivering', `指定[:：]${G(24)}派(?:送|件)`),
  // Twelfth pass: the same out of a station's stock ("派件出库", "派送出库", "出库派件"; a warehouse's bare 出库 is before shipping).
  rule('out_for_delivery.delivering', '派(?:件|送)出库|出库派(?:件|送)'),
  // A station delivering to the door ("驿站派送中"): out for delivery, though a station is named.
  rule('out_for_delivery.delivering', `(?:驿站|代收点)(?:正在)?(?:派送|配送|送货)中`),
  // A station's or a courier's own dispatch line ("…寄存点 派件员 … 正在为您派件", "…近邻宝(…)-派件中", "【华大驿站/…】正在派件"):
  // out for delivery, though a station is named.
  rule('out_for_delivery.delivering', `派件员${G(40)}正在(?:为您)?(?:派件|派送)|正在(?:为您)?派件$|[-—]派件中$`),
];

// out_for_delivery: courier on the way to the recipient.
export const OUT_FOR_DELIVERY: Rule[] = [
  // Second wave: a place named after the act is a place ("配送中心", "配送站所"), and a delivery to a pickup store ("即將配送至指定門市")
  // is the leg before the store holds it, not one to the recipient.
  rule('out_for_delivery.delivering', `${unless('后续|空运|等待|待', '(?:派件|派送|配送|投递|送货)中')}(?!心)|(?:派送|配送|送货|投递)途中`),
  rule('out_for_delivery.delivering', `${unless('待|等待', '正在|开始|安排|已安排')}${G(4)}(?:派件|派送|配送|投递|送货)(?!中心|站|员|至${G(8)}(?:${STORE}))`),
  rule('out_for_delivery.delivering', unless(`将(?:于|在)${G(8)}`, '为您(?:派件|派送|配送|投递|送货)')),
  // Scan-type names: "派件", "二次派件", 极兔's "出仓扫描" (leaving the outlet with the courier).
  rule('out_for_delivery.delivering', '^(?:二次)?派(?:件|送)$|二次派(?:件|送)|出仓扫描'),
  rule('out_for_delivery.delivering', `(?:进行)?派件扫描|出仓派送|出站派送|(?:即将|马上)(?:派送|派件|配送|投递|送达|送货)(?!至${G(8)}(?:${STORE}))`),
  // A station's last leg or a redelivery under way ("末端配送", "站点再投", "再次投递", "再配"; a pending one, "待再次派送", is a
  // failed attempt), a station's courier taking the goods out ("分站领货",
  // "已领货"), or heading to the recipient ("正在前往收件人的路上").
  rule('out_for_delivery.delivering', `末端(?:配送|派送|派件)|再次(?:派送|投递|配送|送货)|${after('(?:^|站点|分站|网点|包裹|快件)', '再(?:投|配)')}(?!失败|不成功|后)|${after('(?:^|分站|站点|网点|配送员|派件员|派送员|快递员)(?:已)?', '领货')}|(?:前往|送往|去往)${G(4)}(?:收件人|收货人|收件地址|收货地址)`),
  rule('out_for_delivery.courier_assigned', `(?:分配给|交给|交由)${G(8)}(?:配送员|快递员|派件员|派送员|投递员|师傅)|${unless(`(?:准备|待|等待|即将)${G(4)}|正在分配`, '派件员|派送员|配送员|投递员|派件人|派送人|送货司机|送货员')}`),
  // Eleventh pass: ready to go out to the recipient ("你的快件已经准备派送了", "包裹已发出以供派送").
  rule('out_for_delivery.delivering', `(?:已|已经)准备(?:派送|派件|配送)|^(?:包裹|快件)?准备(?:派送|派件|配送)|以供(?:派送|配送|投递)`),
  // A driver or rider carrying it to the recipient ("被司機成功接取並正在運送到收件人"); a carrier moving it is in transit.
  rule('out_for_delivery.delivering', `(?:司机|骑手|骑士|配送员|快递员|派送员)${G(12)}正在(?:运送|送|配送|派送)(?:到|往|至|给)(?:收件人|收货人|客户|买家)`),
  // A rider or courier on the way to the recipient ("骑手正在赶往顾客地址"); on the way to the shop is an order being served.
  rule('out_for_delivery.delivering', `(?:骑手|骑士|配送员|快递员|派送员|跑男|司机)${G(4)}(?:赶往|前往|送往)${G(4)}(?:顾客|收件人|收货人|客户|买家|收货地址|收件地址|您)(?!${G(6)}(?:取件|揽收|揽件|取货))`),
  ...OUT_FOR_DELIVERY_EN,
];

// in_transit: moving between facilities. Future tense ("准备发往") does not count.
export const FACILITY = '公司|中心|分部|网点|营业部|营业厅|集散点|中转部|园区|仓|场|站|部';
export const IN_TRANSIT: Rule[] = [
  rule('in_transit.facility_scan', unless('准备|即将|将|待', '发出(?!库)|发往')),
  rule('in_transit.facility_scan', unless(`预计${G(8)}|(?:未|没有|尚未)${G(2)}`, '到达|抵达|(?<!收)到件')),
  rule('in_transit.facility_scan', '已收入|转运|中转|分拣|分拨|集散|运输(?!商)|在途|途中|下一站|装车|卸车|发车|离开|进港|出港|开拆|封发|航班|干线|经转|途经|建包|清关|待派|运转|运送|离港|到港|抵港|交航|起飞|落地|出境|入境|报关|放行'),
  // A carrier facility's own scan: "【浙江省温州市平阳县公司】 已打包", "在【…营业部】收货完成".
  rule('in_transit.facility_scan', `(?:${FACILITY})[】\\])]?\\s*已(?:打包|拆包)|在${G(24)}(?:发货|收货)完成`),
  // A facility tallying or checking in goods ("物流中心理货中", "验收成功"), or a later leg by air ("空运配送中").
  rule('in_transit.facility_scan', '理货|验收|(?:后续|空运)配送中'),
  // Handed on to another carrier or forwarded ("已转交【韵达快递】派送", "交由第三方快递", "转寄中").
  rule('in_transit.facility_scan', '转寄|转交|转投|交由|第三方'),
  // A station or hub dispatching ("站点发货"), a leg given to an outsourced carrier ("配送外包").
  rule('in_transit.facility_scan', '(?:站点|网点|分拨|分部|中心|营业部)(?:已)?发货|外包'),
  // Twelfth pass: a line-haul leg dispatching ("城际已发货", "省际发车"): on the way between facilities, not an order shipped.
  rule('in_transit.facility_scan', '(?:城际|省际|支线|干线)(?:已)?(?:发货|发车|发出)'),
  // A delivery station or a hub receiving it ("站点收货", "配送站已收货"; a branch's or 营业部's 收货 may be the pickup): on the way.
  rule('in_transit.facility_scan', `${unless('揽收|揽件|寄件|收寄|始发', '(?:站点|分站|配送站|中心)')}(?:已)?收货(?!人|地址|方|信息)`),
  // Into or to a carrier's hub ("包裹已进入物流中心", "配送至物流中心"): a return to one is a return (checked first).
  rule('in_transit.facility_scan', `(?:进入|至|到)${G(8)}(?:物流中心|转运中心|分拨中心|分拣中心|集散中心|操作中心|处理中心|中转场)`),
  // Eleventh pass: a warehouse's outbound that sends the parcel on ("已出库,货物运往LAX国际机场", "已交接出库发送机场"), on its
  // way to an airport or a port ("即将送往机场"): in transit, not an order being prepared.
  rule('in_transit.facility_scan', `出库${G(2)},?${G(4)}(?:运往|送往|发往|发送)|(?:运往|送往)${G(8)}(?:机场|口岸|海关)`),
  // A carrier's warehouse that took the parcel in ("【集运仓】包裹已入库，等待合并打包"): in transit (a station's is held, a return's
  // returned, one that could not be taken in an exception: all decided before).
  rule('in_transit.facility_scan', `已(?:经)?入库|入库(?:成功|完成)`),
  // Twelfth pass: a transport-mode change ("违禁品转陆运", "航空禁运品转陆运"): moved on another way, not stopped.
  rule('in_transit.facility_scan', '转(?:陆运|铁运|汽运|海运|陆路|公路|铁路|快运)'),
  // An operation on a container named by its verb and the container ("建箱", "组板", "封车", "解封车", "装笼"): a facility's step.
  rule('in_transit.facility_scan', '(?:建|组|封|拆|解封|装|卸)(?:箱|板|车|袋|笼)(?!单|号|码)'),
  ...IN_TRANSIT_EN,
];

// picked_up: collected from the sender. Negated/future forms ("待揽收", "将上门取件") are info_received.
// 已将 is done, not a future (商家已将商品交寄至物流, stop 20).
// Stop 22: a courier's promise of when he will come ("半小时内上门取件", "下午来取件", "今天来不及了，明天取件") is no pickup yet.
export const PU_NEG = `(?:未|尚未|没有|待|等待|等|通知|尽快|(?<!已)将|准备|预约|请|预计|需|安排|推迟|延迟|延后|暂缓|协商|(?:小时|分钟)内|(?<!已|于|在)(?:上午|下午|晚上|明天|明日|稍后|马上)(?:来|去|过来|上门)?|来不及)${G(12)}`;
// The first clause says what happened; later ones where it goes next ("已取件，离开 [北京_东城营业所] 发往
// [北京运转中心]", "包裹已揽收,待分拣", "[上海浦东分拨中心]进行揽件扫描"): a pickup reported first is the
// pickup, though a hub is named. Checked before in_transit.
export const PICKUP_FIRST: Rule[] = [
  rule('picked_up.collected', `${after('^[^,;。!?\\n]{0,40}', '已揽收|已揽件|已取件|已收件|(?:揽件|揽收|收件)扫描')}(?=[,;。!?\\s]|$)`),
  ...PICKUP_FIRST_EN,
];
export const PICKED_UP: Rule[] = [
  // 取件门店 / 提货门市 name the pickup store, not a pickup (stop 20, Taiwan store-pickup ladders).
  rule('picked_up.collected', unless(PU_NEG, `揽收(?!员)|揽件(?!员)|收件(?!人|员|码|地址|信息|方)|收取|收寄|交寄|交运|接收|取件(?!码|员|人|点|地址|时间|号|${STORE}|店)|提货(?!码|网点|点|人|${STORE}|店)|收货(?!人|地址|方)|开单|接件`)),
  rule('picked_up.collected', `(?:到|在)${G(6)}寄件(?!人|网点|点|地址)|完成寄件|寄件成功`),
  ...PICKED_UP_EN,
];

// info_received: label made, not yet collected.
// Explicitly still waiting for the courier: beats a warehouse "已发出" (checked before in_transit).
export const NOT_COLLECTED_YET: Rule[] = [
  rule('info_received.not_collected_yet', `(?:未|尚未|没有)上网|(?:揽收|揽件|取件|取货|提货)中|^收件中(?!心|转|站)|(?:揽件|揽收|取件|取货)${G(6)}分配|分配(?:业务员|揽件员|收件员|骑手)|待揽|未揽|尚未${G(3)}揽|等待${G(8)}(?:揽收|揽件|上门|取件|收件)|(?:正在|即将|将)上门(?:取件|揽件|揽收)`),
  rule('info_received.not_collected_yet', '未(?:去|来|上门)(?:取件|揽收|揽件)'),
  // Stop 22: a courier's reply to the sender saying when he will come for it ("下午来取件", "明天取件").
  rule('info_received.not_collected_yet', unless('已|于|在', '(?:上午|下午|晚上|明天|明日|稍后|马上)(?:来|去|过来|上门)?(?:取件|揽收|揽件|收件)')),
  // Eleventh pass: an order not yet given to a carrier or courier ("待调度", "未调派业务员", "等待分配运单号", "订单等待发送给物流公司",
  // "等待物流公司接单", "待收件").
  rule('info_received.not_collected_yet', `待调度|未调派|(?:等待|待)(?:分配|调派)(?:运单|单号|骑手|骑士|物流|快递公司|揽件员|业务员)|(?:等待|待)${G(4)}发送给|等待${G(6)}接单|待收件(?!人|方)`),
  // Not ready for the courier, another pickup booked, a warehouse yet to take it in or send it out, an electronic pre-advice
  // ("包裹未准备好", "下次揽收时间", "海外仓待入库", "等待出库", "接收到电子预报").
  // A courier or rider on the way to collect ("快递员正在前往驿站取件"): not collected yet.
  rule('info_received.not_collected_yet', `(?:快递员|骑手|骑士|配送员|小哥|司机|揽件员|收件员)${G(4)}(?:赶往|前往)${G(10)}(?:取件|揽收|揽件|取货)`),
  rule('info_received.not_collected_yet', `未准备好|下次揽收|(?:仓|^)(?:等待|待)入库|等待出库|电子(?:预报|通知)`),
  // Second wave: waiting for the carrier, a driver or a rider to collect, or the carrier not collecting yet ("等待司机接货", "待物流收件",
  // "承运商未提货"; a rider's is an order being served, above), or not sent yet ("未寄件", "訂單成立未寄件"): nothing has been handed over.
  rule('info_received.not_collected_yet', `(?:等待|待)(?:${CARRIER_PARTY})${G(4)}(?:上门)?(?:取件|取货|取餐|提货|接货|装货|收件|揽收|揽件|接单|抢单)(?!码)|(?:物流公司|快递公司|承运商|承运人)${G(2)}(?:未|尚未|还未|没有)(?:取件|取货|取餐|提货|接货|装货|揽收|揽件)|(?:未|尚未|没有)寄(?:件|出|货)(?!人|方|地址)|^(?:未|尚未)受理|^(?:订单)?(?:等待|待)(?:审核|审单)`),
  // Twelfth pass, Chinese tables: an order state waiting to be assigned, grabbed or dispatched ("待抢单", "有效待分配", "待派单",
  // "待分配站点"), or to enter the carrier's first facility ("待入分拣中心"): a state name, not a station's delivery round.
  rule('info_received.not_collected_yet', `^(?:有效|订单)?(?:等待|待)(?:分配|抢单|派单|接单)(?![^,;。!?\\n]*(?:派件|派送|配送|投递|分配员))|^(?:等待|待)(?:进入|入)${G(6)}(?:中心|仓|库)`),
  ...NOT_COLLECTED_YET_EN,
];
export const INFO_RECEIVED: Rule[] = [
  rule('info_received.order_processing', `(?:运单|托运单|面单)(?:已经?)?(?:被)?(?:保存|录入)|接单|收到信息|下${G(3)}单|待揽|等待揽|未揽|尚未|面单|打单|出单|已打印|上门|通知|已受理|待取件|已生成|已收到(?!货件|包裹|快件|货物)|打包|发货|揽收|揽件|出库|配货|拣货|开始处理|订单处理|建立完成|建单|预报|分配物流|等待入仓`),
  ...INFO_RECEIVED_EN,
];

// An e-commerce warehouse releasing the order ("您的订单已分拣出库，即将开始配送"): before any carrier
// scan, so it beats the "开始配送" it announces (checked after the station cases).
export const WAREHOUSE_OUTBOUND: Rule[] = [
  rule('info_received.warehouse_outbound', `(?:订单|商品|货品)${G(6)}出库(?![^。!?\\n]*(?:运往|送往|发往|发送))`),
  // 京东's warehouse steps: "扫描员已经扫描", "您的订单已经进入京东…仓库准备出库"; the twelfth round's third-party seller picking
  // the order ("您的订单由第三方卖家拣货完成，待出库交付…快递": the hand-over it names is still to come).
  rule('info_received.warehouse_outbound', `已(?:合箱|分箱)|合箱完成|扫描员已(?:经)?扫描|订单${G(4)}进入${G(16)}仓|订单由${G(8)}(?:拣货|配货|打包)(?:已)?(?:完成|完毕)`),
  // Second wave: a warehouse's own step before any carrier ("等待仓库处理", "仓库处理中", "仓库已装箱"; not a carrier's hub,
  // "仓库中心", nor a consolidation or returns warehouse), an order handed to the riders' dispatch ("配送单发往配送").
  rule('info_received.warehouse_outbound', `(?<!转运|集运|海外|中转|退货)仓库(?!中心)${G(2)}(?:处理|操作|作业|拣货|打包|配货|复核|装箱|审核)|(?:配送单|派送单|运单|订单)${G(2)}(?:发往|推送|下发|发送)(?:给|至)?(?:配送(?!中心|站|部|点)|骑手|配送员|运力|调度)`),
  // An order created, submitted or printed, or a courier accepting the job ("订单已经建立并安排了送货", "您提交了订单",
  // "送货员已接单"): nothing has moved yet.
  rule('info_received.order_processing', `订单(?:已经|已)?(?:建立|创建)(?![^,;。!?\\n]*(?:揽|取件|收件|派|签收|送达|出发))|提交${G(2)}订单|订单(?:已)?提交|打印(?:完毕|完成)|${after('(?:员|骑手|司机|师傅|伙伴)(?:已)?', '接单')}`),
  // Stop 23: a collector sent for the parcel ("已派遣收件人取货", "已指派收件人": older systems call the collecting courier 收件人);
  // a courier or driver sent only when a collection follows (已指派快递员上门取件): 已指派快递员 alone is as often the delivery.
  rule('info_received.not_collected_yet', `(?:派遣|指派|委派|调派)了?(?:(?:收件人|收件员|取件员|揽件员|揽收员)(?![^,;。!?\\n]*(?:派件|派送|配送|投递|送货))|(?:快递员|业务员|司机)(?=[^,;。!?\\n]*(?:取件|取货|揽收|揽件|收件))(?![^,;。!?\\n]*(?:派件|派送|配送|投递|送货)))`),
  rule('info_received.order_processing', `订单(?:上传|传送)|(?:可|待)(?:列印|打印)|(?:等待|待)(?:卖家|商家|商店)(?:出货|寄货|发货|寄件)|(?:等待|待)(?:出货|寄货|寄件)|订单已成立`),
  // Eleventh pass: a rider or courier sent to the shop, at it or replaced, before taking anything ("配送员已就位，请出货",
  // "配送员到店", "骑手已到取货点", "配送员已更换"): an order being served, not on its way to the recipient.
  // Second wave: a rider who has not collected yet ("「达达」跑腿，待取货", "配送员未取餐", "待取餐"), though one is assigned.
  rule('info_received.not_collected_yet', `(?:${COLLECTOR})(?:[」』\\])】\\s,]{1,2}|${G(2)})(?:未|尚未|还未|没有|待)(?:取件|取货|取餐|提货|接货|揽收|揽件)|待取餐`),
  rule('info_received.order_processing', `(?:配送员|骑手|骑士|跑男|跑腿|司机|派送员)(?:已)?(?:到店|到达?(?:商家|商户|门店|店铺|取货点|取件点)|就位|更换)|请出货|(?:配送员|骑手|骑士|跑男|司机|派送员)${G(4)}(?:赶往|前往)(?:商家|商户|门店|店铺|取货点|取件点)`),
];

