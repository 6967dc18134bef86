/**
 * Writes the binary and encoded files of the example workspace `examples/pc-store/` from the readable
 * data below, so reviewers can diff the content as text:
 *
 * - `faqs/faqs.xlsx`: the store's main FAQ sheet, Chinese headers, wide layout (all similar phrasings of an
 *   entry in one cell, one per line), as a trainer keeps it in Excel.
 * - `faqs/store-policies-gbk.csv`: store policies exported from Excel on Chinese Windows: GBK, CRLF, long
 *   layout (one phrasing per row; rows share 编号 and only the first row carries the answer).
 * - `faqs/media/*.png` and `tutorials/images/*.png`: small illustrative images referenced by rich answers
 *   and tutorials.
 *
 * Output is deterministic: fixed workbook dates, fixed zip timestamps, seeded pixel patterns.
 * Run: `npx tsx scripts/make-example-sheets.ts`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

interface SheetEntry {
  id: string;
  question: string;
  similar: string[];
  answer: string;
  category: string;
  tags: string[];
  products: string[];
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'pc-store');
/** Workbook and zip timestamps: a fixed instant so regenerating yields identical bytes. */
const FIXED_DATE = new Date(Date.UTC(2024, 5, 1, 9, 0, 0));
const HEADERS = ['编号', '标准问题', '相似问题', '答案', '分类', '标签', '适用机型'] as const;

/** Main FAQ sheet (wide layout). */
const XLSX_ENTRIES: SheetEntry[] = [
  {
    id: 'diy.service.assembly',
    question: '装机服务费怎么收',
    similar: [
      '在你们店买配件能帮忙装好吗',
      '帮忙组装要加钱吗',
      '装机费多少钱',
      '在你们家买全套配件装机免费吗',
      '组装一台电脑收多少手工费',
      '裝機要收費嗎',
      '只在你家买了一半配件 装机怎么收费',
      'zhuangji费用贵不贵',
      '装机服务怎么收费的',
      '组装费包含装系统吗',
      '买散件让你们装要另外给钱吗',
    ],
    answer:
      '在本店购买整套主要配件（CPU、主板、显卡、内存、硬盘、电源、机箱）装机免费，含理线、装系统和驱动、24 小时烤机；部分配件在本店购买的收 100 元装机费，全部自带配件的带件装机收 200 元。分体水冷和 MOD 改装另行报价，下单前客服会确认。',
    category: '装机服务/费用',
    tags: ['装机', '费用'],
    products: [],
  },
  {
    id: 'diy.build.gaming',
    question: '能帮我出一份游戏主机配置单吗',
    similar: [
      '预算6000帮我配台电脑',
      '给我推荐个配置单',
      '8000块玩黑神话怎么配',
      '帮忙看看这个配置单合不合理',
      '幫我配一台遊戲主機',
      '不懂配置 你们能帮我搭配吗',
      '1w预算配个2K游戏主机',
      'peizhidan能帮忙出吗',
      '预算七八千想配台游戏主机',
      '五千左右能组什么电脑打游戏',
      '帮我搭一套2K游戏的配置',
      '玩3A大作要配什么样的主机',
    ],
    answer:
      '可以的。告诉我们预算、常玩的游戏和显示器分辨率、是否需要显示器和键鼠，装机顾问会在营业时间 30 分钟内发您 2-3 套配置单，写明每个配件的型号和价格，可以随时增减。参考：5000 元左右 RTX 4060 + 7500F 玩 1080p，8000 元左右 RTX 4070 Super + 13600KF 玩 2K 高画质。已有配置单也可以发过来，我们免费帮您核对兼容性和性价比。',
    category: '装机服务/配置单',
    tags: ['配置单', '装机'],
    products: [],
  },
  {
    id: 'store.build.preinstalled-os',
    question: '整机发货前会装好系统吗',
    similar: [
      '主机预装系统吗',
      '到手是不是开机就能用',
      '装的是win10还是win11',
      '系统和驱动都帮装好吗',
      '整機有灌系統嗎',
      '能帮我装win10吗 我不习惯11',
      '收到后还要自己装系统吗',
      '新主机里面带windows吗',
      '整机默认装的什么系统',
      '可以不装系统直接发吗',
      '出厂的系统有没有激活',
    ],
    answer:
      '会。整机出厂默认预装 Windows 11 专业版（纯净版，无第三方软件）和全部最新驱动，并完成 24 小时烤机，到手插电即可使用。需要 Windows 10 或 Ubuntu 请在下单时备注；预装系统为未激活状态，可自行购买正版密钥激活，也可以下单时加购正版 Windows 11 家庭版由我们激活好。',
    category: '装机服务/系统',
    tags: ['系统', '装机'],
    products: [],
  },
  {
    id: 'store.build.bring-own-parts',
    question: '自己买的配件可以拿过来帮装吗',
    similar: [
      '带件装机接不接',
      '我在别家买的显卡你们能帮装吗',
      '配件都买齐了 只要你们组装',
      '外面买的东西能到店组装吗',
      '自己買的零件可以幫忙組裝嗎',
      '网上买的散件寄给你们装可以吗',
      '配件是别处买的 能找你们组装吗',
      '拿散件来店里装收不收费',
      '自己凑的配件能代装吗',
    ],
    answer:
      '可以。带件装机收 200 元（含理线、装系统和驱动、点亮测试），部分配件在本店购买的收 100 元；可以到店现场装（约 2 小时），也可以把配件寄到门店，装好测试后顺丰寄回，往返运费由您承担。自带配件如果本身有故障，我们会检测告知，但该配件的保修需找原购买渠道。',
    category: '装机服务/带件装机',
    tags: ['装机', '带件装机'],
    products: [],
  },
  {
    id: 'store.build.lead-time',
    question: '整机下单后几天能装好',
    similar: [
      '组装要多长时间',
      '今天下单装机明天能发吗',
      '配好的主机要等几天',
      '装机加烤机一共多久',
      '組裝好要幾天',
      '急用 能不能加急装机',
      '主机什么时候能装完',
      '拍下后几天能装完发货',
      '整机从下单到发出要几天',
      '配好的电脑最快什么时候能寄',
    ],
    answer:
      '配件有现货的整机，付款后 1 个工作日内装好，再烤机 24 小时，一般第 2-3 天顺丰发出；有配件缺货的要等到货后组装，客服会提前告知。急用可选"加急装机"（加 50 元）：15:00 前付款当天装好、次日发出，深圳本地也可以到店当天自提。',
    category: '装机服务/时效',
    tags: ['装机', '发货'],
    products: [],
  },
  {
    id: 'store.build.burn-in',
    question: '发货前会烤机测试吗',
    similar: [
      '装好有没有拷机',
      '整机出厂有没有做压力测试',
      '会跑分测试稳定性吗',
      '烤机烤多少小时',
      '出貨前有燒機嗎',
      '能把烤机截图发我吗',
      '怎么保证寄过来的机器没问题',
      '出厂前做不做稳定性测试',
      '装完会双烤吗',
      '整机有测试报告吗',
    ],
    answer:
      '每台整机都做 24 小时烤机：AIDA64 单烤 FPU、FurMark 双烤和 3DMark 稳定性测试，记录满载温度和跑分，全部合格才发货。测试截图和温度记录会附在订单留言里，也可以随时找客服要。',
    category: '装机服务/测试',
    tags: ['烤机', '测试'],
    products: [],
  },
  {
    id: 'store.build.cable-management',
    question: '装机会帮忙理线吗',
    similar: [
      '背线能理整齐点吗',
      '走线好看吗',
      '机箱里的线会不会乱糟糟',
      '可以做背部走线吗',
      '裝機會幫忙整線嗎',
      '我比较强迫症 理线要求高',
      '能加钱换定制线材吗',
      '线材会整理好吗',
      '机箱背面的线会扎好吗',
      '理线是免费的吗',
    ],
    answer:
      '会。所有整机都做背部走线和扎带理线，正面只留必要的线；对颜值有要求可以加购定制编织线（模组电源专用，199 元起），白色主题整机默认送白色延长线。',
    category: '装机服务/理线',
    tags: ['理线', '装机'],
    products: [],
  },
  {
    id: 'store.build.onsite',
    question: '可以上门装机吗',
    similar: [
      '能不能到我家来装',
      '上门组装怎么收费',
      '深圳能上门装电脑吗',
      '师傅上门装机要预约吗',
      '可以上門組裝嗎',
      '外地有上门装机服务吗',
      '配件到了找人上门帮装',
      '能派师傅来家里组装吗',
      '哪些区可以上门装电脑',
      '上门装机的话要多久',
    ],
    answer:
      '深圳市内提供上门装机：福田、罗湖、南山 150 元，其他区 200 元，需提前 1 天预约，师傅带工具上门组装、装系统并点亮测试。深圳以外暂不提供上门服务，可以把配件寄到门店组装，或直接购买本店整机。',
    category: '装机服务/上门',
    tags: ['上门', '装机'],
    products: [],
  },
  {
    id: 'store.build.packing',
    question: '整机怎么包装发货 路上会不会压坏',
    similar: [
      '主机运输安全吗',
      '整机寄过来会不会磕坏',
      '快递送主机是怎么打包的',
      '主机发货会打木架吗',
      '主機寄送會不會撞壞',
      '显卡在机箱里会不会松掉',
      '整机快递怎么防震',
      '寄主机会用泡棉固定吗',
      '运输中显卡会不会被震坏',
    ],
    answer:
      '整机先在机箱内塞满防震泡棉固定显卡和散热器，再装回原机箱盒，外面加一层加厚纸箱和珍珠棉，全程顺丰保价发货。签收时请当面检查外箱，明显破损可以拒收；收到后按随附的"开箱说明"取出机箱内的泡棉再开机。',
    category: '装机服务/包装',
    tags: ['包装', '运输'],
    products: [],
  },
  {
    id: 'store.gpu.mining',
    question: '你们的显卡是矿卡吗',
    similar: [
      '会不会卖翻新卡',
      '显卡是全新的吗 不是矿渣吧',
      '怎么证明不是矿卡',
      '整机里的显卡是二手的吗',
      '顯卡是不是礦卡',
      '是拆机卡还是盒装正品',
      '这张4070有没有挖过矿',
      '卖的显卡有没有翻新的',
      '显卡能查到保修日期吗',
      '会不会拿二手卡装整机',
    ],
    answer:
      '不是。本店所有显卡和整机配件都是品牌盒装全新正品，可凭 SN 码在品牌官网查询保修起始日期；我们不销售矿卡、翻新卡或拆机卡，如发现是二手翻新，假一赔十。回收的二手显卡只走以旧换新渠道，不会装进新机出售。',
    category: '显卡/成色',
    tags: ['显卡', '矿卡', '正品'],
    products: [],
  },
  {
    id: 'store.tradein.gpu',
    question: '旧显卡可以以旧换新吗',
    similar: [
      '我的老显卡能抵钱换新卡吗',
      '3060想换4070 旧的能回收吗',
      '显卡以旧换新怎么操作',
      '旧卡能折价吗',
      '舊顯卡可以折抵換新嗎',
      '换了新显卡 旧的怎么处理',
      '以旧换新显卡需要寄过来吗',
      '旧显卡回收怎么弄',
      '想拿旧卡换一张新卡',
      '你们回收显卡吗',
      'AMD的老卡也能换新吗',
    ],
    answer:
      '可以。把旧显卡的品牌型号、购买时间和正反面照片发给客服估价，购买新显卡或整机时直接抵扣；深圳可到店当场检测抵扣，外地用顺丰到付寄到门店，检测通过后 24 小时内抵扣订单或退回差价。回收范围为 GTX 10 系及以上的 NVIDIA 显卡和 RX 5000 系及以上的 AMD 显卡。',
    category: '以旧换新/显卡',
    tags: ['以旧换新', '显卡'],
    products: [],
  },
  {
    id: 'store.tradein.gpu-quote',
    question: '旧显卡回收价是怎么定的 会不会压价',
    similar: [
      '你们收显卡压价狠吗',
      '估价和实际回收价不一样怎么办',
      '显卡回收价参考什么',
      '我这张3070能值多少钱',
      '舊顯卡回收會被壓價嗎',
      '卡有维修过还收吗',
      '为什么闲鱼卖得比你们收得高',
      '旧卡估价怎么算的',
      '回收的时候会不会故意压价',
      '显卡成色一般能收多少',
      '估完价到了又砍价怎么办',
    ],
    answer:
      '回收价按当周二手市场行情，结合成色、是否在保、有无维修记录和包装配件给出，估价单会写明每一项扣减原因，不会临时压价；实物与描述一致就按估价成交。检测出维修过、矿卡或故障会重新报价，不接受可以免费寄回。',
    category: '以旧换新/显卡',
    tags: ['以旧换新', '估价'],
    products: [],
  },
  {
    id: 'store.laptop.y9000p-vs-rog',
    question: '拯救者Y9000P和ROG枪神8选哪个',
    similar: [
      'y9000p和枪神8plus哪个好',
      '拯救者跟枪神比散热谁强',
      '预算一万 Y9000P还是ROG',
      '枪神8和y9000p屏幕哪个好',
      '拯救者Y9000P跟ROG槍神哪台好',
      '打游戏选联想拯救者还是华硕rog',
      '联想拯救者和华硕枪神怎么选',
      '拯救者y9000p对比rog枪神8',
      '一万左右的游戏本拯救者和枪神哪个值',
    ],
    answer:
      '两台都是 i9-14900HX 级别的 16 英寸旗舰游戏本：拯救者 Y9000P 价格更低，2.5K 240Hz 屏和键盘手感好，售后网点多；ROG 枪神 8 散热规模和外观更强，还有 18 英寸的枪神 8 Plus 可选，同显卡一般贵 1000-2000 元。追求性价比选 Y9000P，看重颜值和长时间满载选枪神；店里两台都有样机，可以到店试玩。',
    category: '笔记本/机型对比',
    tags: ['游戏本', '选购'],
    products: ['拯救者 Y9000P', 'ROG 枪神8'],
  },
  {
    id: 'store.laptop.upgrade-service',
    question: '买笔记本可以帮忙加内存和固态吗',
    similar: [
      '游戏本能帮我升级到32G吗',
      '下单时加个2T固态可以装好再发吗',
      '你们帮加内存收费吗',
      '店里加装的内存算不算质保',
      '買筆電可以幫忙加裝記憶體嗎',
      '加装的硬盘坏了找谁',
      '买游戏本能顺便加装内存吗',
      '笔记本加固态你们帮装吗',
      '下单备注升级内存可以吗',
    ],
    answer:
      '可以。在本店购买内存或固态，下单时备注即可免费加装，加装前拍照记录、装好后测试再发货，不影响笔记本的品牌保修；加装的配件由本店按配件品牌政策质保（内存终身、固态 3-5 年）。加装前会确认机型有空余插槽，比如拯救者 Y9000P 有 2 个内存插槽和 2 个 M.2 位。',
    category: '笔记本/升级服务',
    tags: ['升级', '内存', '固态硬盘'],
    products: ['拯救者 Y9000P'],
  },
  {
    id: 'store.laptop.rog-plus-vs-standard',
    question: '枪神8和枪神8 Plus有什么区别',
    similar: [
      '枪神8超竞版和普通版差在哪',
      'rog枪神8 plus值不值得多花钱',
      '枪神8 16寸和18寸怎么选',
      '槍神8跟8 Plus差在哪',
      '枪神八plus比普通版强在哪',
      'rog枪神8 plus和枪神8选哪个',
      '枪神8 plus贵在哪里',
    ],
    answer:
      'ROG 枪神 8 是 16 英寸，枪神 8 Plus 是 18 英寸 2.5K 240Hz 大屏，散热模组更大，同显卡下能长时间跑更高功耗；"超竞版"指配 RTX 4080/4090 的高配版本。经常带出门选 16 英寸枪神 8，主要放桌上玩 3A 选 18 英寸的 Plus。',
    category: '笔记本/机型对比',
    tags: ['游戏本', 'ROG'],
    products: ['ROG 枪神8', 'ROG 枪神8 Plus'],
  },
  {
    id: 'store.advice.laptop-or-desktop',
    question: '同样的预算买游戏本还是台式主机',
    similar: [
      '8000块买笔记本好还是组台式好',
      '游戏本和台式机哪个性价比高',
      '不经常出门还有必要买游戏本吗',
      '学生宿舍用台式还是笔记本',
      '預算一萬買筆電還是桌機',
      '台式跟游戏本玩游戏差多少',
      '买笔记本还是台式机打游戏',
      '不出门的话游戏本和台式哪个划算',
      '预算有限 台式和游戏本怎么选',
    ],
    answer:
      '不需要带出门的话，同预算台式主机性能高 20%-30%，散热、噪音和升级空间都更好，以后还能单独换显卡；经常宿舍、公司两头跑或桌面空间有限就选游戏本。比如 8000 元台式能配到 RTX 4070 Super，同价位游戏本一般是 RTX 4060；告诉我们使用场景，可以两种方案各出一份配置给您对比。',
    category: '售前/选购建议',
    tags: ['选购', '游戏本', '台式机'],
    products: [],
  },
  {
    id: 'store.build.upgrade-later',
    question: '整机以后可以回来升级吗',
    similar: [
      '以后想换显卡你们能帮换吗',
      '老客户升级配件收工费吗',
      '过两年加内存找你们可以吗',
      '整机升级要寄回去吗',
      '以後可以回來升級配備嗎',
      '我现在的主机是你们家的 想升级一下',
      '买了你们的主机以后能升级吗',
      '整机后期换显卡怎么弄',
      '升级配件有工费吗',
    ],
    answer:
      '可以。本店整机终身免费升级工费：在本店购买升级配件，到店或寄回门店都免费安装（寄回的单程运费由我们承担），换下来的旧配件可以走以旧换新抵扣。升级显卡前建议先把电源和机箱型号发给我们，确认功率和尺寸够用。',
    category: '装机服务/升级',
    tags: ['升级', '装机'],
    products: [],
  },
  {
    id: 'store.build.white-theme',
    question: '能装一台全白色的主机吗',
    similar: [
      '想要纯白海景房',
      '白色主题配件全不全',
      '全白主机贵多少',
      '能做粉色或者二次元主题吗',
      '可以裝全白的電腦嗎',
      '白色显卡和白主板有货吗',
      '白色主机能配吗',
      '可以全部配白色的配件吗',
      '主题定制主机能做吗',
    ],
    answer:
      '可以。白色主题有全套白色主板、显卡、内存、水冷、风扇和线材可选，同配置一般比黑色贵 300-800 元；粉色、二次元主题机箱和灯效也能做，装机顾问会按主题单独出配置单和效果图。',
    category: '装机服务/外观',
    tags: ['外观', '装机'],
    products: [],
  },
  {
    id: 'store.support.remote',
    question: '能远程帮我装驱动调设置吗',
    similar: [
      '有远程协助吗',
      '不会装软件 能远程弄一下吗',
      '可以用todesk帮我看看吗',
      '电脑有问题能远程排查吗',
      '可以遠端幫我處理嗎',
      '向日葵远程帮忙调BIOS行不行',
      '可以远程帮我弄电脑吗',
      '远程技术支持收费吗',
      '你们技术能远程调设置吗',
    ],
    answer:
      '可以。本店整机和笔记本客户享受终身免费远程技术支持：装驱动、调 BIOS、开 XMP、游戏设置、系统问题都能处理，在客服时间联系售后，用 ToDesk 或向日葵远程操作。远程前请关闭隐私文件，全程操作您都能看到。',
    category: '售后/技术支持',
    tags: ['远程', '技术支持'],
    products: [],
  },
  {
    id: 'store.build.parts-brands',
    question: '整机用的是什么牌子的配件 会不会用杂牌电源',
    similar: [
      '主板电源是什么品牌',
      '整机里有没有偷工减料的配件',
      '电源是杂牌吗',
      '配置单上没写的小件用什么牌子',
      '整機用的電源是什麼牌子',
      '固态是不是用的拆机盘',
      '整机配件都是什么品牌的',
      '整机会不会用杂牌配件',
      '电源用的哪家的',
    ],
    answer:
      '整机全部使用一线品牌盒装配件，配置单写明每个配件的品牌和完整型号，包括电源、散热器、机箱风扇这些小件，到手可以逐一核对 SN。电源只用长城、海韵、航嘉、酷冷至尊、振华等品牌的铜牌及以上型号，绝不使用杂牌和拆机件。',
    category: '装机服务/配件',
    tags: ['配件', '品牌'],
    products: [],
  },
  {
    id: 'store.build.config-change',
    question: '整机配置能换其中一个配件吗',
    similar: [
      '把整机里的显卡换成4070 Super可以吗',
      '能把内存升到32G补差价吗',
      '不要你们的机箱 换一个行吗',
      '整机能减配吗 我有自己的硬盘',
      '整機可以換配件嗎',
      '已经下单了还能改配置吗',
      '整机配置可以自己调整吗',
      '整机里面的配件能升级一下吗',
      '想换个更大的固态补差价可以吗',
    ],
    answer:
      '可以。整机页面的配置都能按需更换，升级按差价补款，降配或去掉某个配件退还差价，客服会重新核对兼容性和电源功率。已付款未装机的订单也能改，已经开始组装的要看进度，请尽快联系客服。',
    category: '装机服务/改配置',
    tags: ['配置', '装机'],
    products: [],
  },
  {
    id: 'store.pickup.demo',
    question: '到店可以试玩游戏本和整机吗',
    similar: [
      '门店有样机能体验吗',
      '能去店里看看实物再买吗',
      '店里有没有体验区可以打游戏',
      '想先摸一下y9000p的键盘',
      '門市可以試玩嗎',
      '到店能现场跑个分吗',
      '门店有没有样机可以试',
      '可以去店里体验一下再决定吗',
      '店里能看到枪神8的真机吗',
    ],
    answer:
      '可以。门店有拯救者、ROG、机械革命等热门游戏本和 RTX 4060/4070/4080 整机样机，可以现场试玩游戏、看屏幕、跑分，营业时间每天 10:00-20:00；建议提前在线预约，指定机型我们会提前开机准备好。',
    category: '售前/门店体验',
    tags: ['门店', '体验'],
    products: ['拯救者 Y9000P', 'ROG 枪神8'],
  },
  {
    id: 'store.build.recording',
    question: '装机过程可以录视频给我看吗',
    similar: [
      '能直播装机吗',
      '装机的时候我能在旁边看吗',
      '可以拍一下装好的内部照片吗',
      '装机全过程能录像吗',
      '裝機過程可以錄影嗎',
      '想看着你们装 可以视频吗',
      '组装过程能拍给我看吗',
      '装机能视频直播给我看吗',
      '可以要一份装机视频吗',
    ],
    answer:
      '可以。每台整机都会拍配件开箱和装好后的内部照片；下单备注"录像"可免费录制全程装机视频，装好后发网盘链接。到店装机可以在旁边全程观看，也能预约视频通话实时看。',
    category: '装机服务/录像',
    tags: ['装机', '录像'],
    products: [],
  },
  {
    id: 'diy.build.workstation',
    question: '剪视频和跑AI的主机怎么配',
    similar: [
      '做视频剪辑用什么配置的主机',
      '达芬奇调色的电脑配什么显卡',
      '本地跑大模型要什么显卡',
      '做stable diffusion出图配什么电脑',
      '炼丹主机推荐',
      '4090双卡工作站能装吗',
      '跑AI的電腦要怎麼配',
      '想要一台能跑llama的机器',
      '深度学习的主机推荐',
      '跑AI模型要配什么样的电脑',
      '剪辑电脑预算一万五怎么配',
    ],
    answer:
      '剪辑调色选 i7-14700K 以上、64GB 内存、2TB 素材盘，NVIDIA 显卡加速导出；AI 主机优先看显存：入门出图选 RTX 4060 Ti 16G，本地跑 7B-14B 大模型选 RTX 4090 24G，搭配 64GB 以上内存、2TB 固态和 1000W 以上金牌电源；双卡 4090 工作站需要大机箱和 1600W 电源，我们可以装好 Ubuntu、CUDA 和驱动环境。把要跑的模型规模和预算发给我们，装机顾问单独出配置单。',
    category: '售前/选购建议',
    tags: ['AI', '配置单'],
    products: [],
  },
  {
    id: 'store.build.silent',
    question: '主机噪音大吗 能装成静音的吗',
    similar: [
      '你们装的机器打游戏时吵不吵',
      '想买一台很安静的电脑',
      '放卧室的主机能配成静音版吗',
      '静音机箱和静音风扇加多少钱',
      '你們組的主機會很吵嗎',
      '整机满载的时候噪音多少分贝',
      '能不能装一台静音的主机',
      '主机打游戏噪音大不大',
    ],
    answer:
      '标准整机待机几乎听不到声音，满载游戏时约 35-40 分贝。放卧室或对噪音敏感可以选"静音方案"：带隔音棉的静音机箱、低转速大风扇和更大的风冷或 360 水冷，并把风扇曲线调得更平缓，一般加 300-600 元，满载能降到 30-35 分贝。',
    category: '装机服务/静音',
    tags: ['噪音', '散热'],
    products: [],
  },
];

/** Store policies (long layout in a GBK CSV). Some reuse a pack id: the store's own answer replaces it. */
const CSV_ENTRIES: SheetEntry[] = [
  {
    id: 'after.warranty.period',
    question: '整机质保几年',
    similar: [
      '主机保修多久',
      '整机三年质保是真的吗',
      '買整機保固幾年',
      '笔记本保修多久',
      '质保是店保还是厂保',
      '单买的配件和整机保修一样吗',
      '整机坏了保几年',
      '你们的整机有几年质保',
      '整机保修期多长',
    ],
    answer:
      '本店整机提供 3 年质保：3 年内非人为故障免费维修或更换配件，第 1 年深圳市内上门、外地顺丰往返运费由我们承担，第 2-3 年寄修单程运费由我们承担。单独购买的配件和笔记本享受品牌官方全国联保（如显卡 3 年、内存终身、笔记本 1-2 年，以品牌政策为准），可由本店代为送修。人为损坏、进水和私自改装导致的故障不在免费范围内。',
    category: '售后/保修',
    tags: ['保修', '整机'],
    products: [],
  },
  {
    id: 'shop.ship.delivery-time',
    question: '寄出后多久能收到',
    similar: [
      '主机发顺丰几天到',
      '深圳同城能当天送到吗',
      '发到北京要几天',
      '寄到外省大概几天',
      '寄出後幾天能收到',
      '整机快递慢不慢',
      '发货以后几天能到',
      '快递大概要走几天',
      '寄到我这边要多久',
    ],
    answer:
      '整机和配件从{shop.warehouse}顺丰发出：深圳同城当天或次日达，广东省内 1 天，华东、华中、华北一般 2 天，西北、西南 2-4 天，新疆、西藏 4-6 天，整机一律走顺丰特快并保价。深圳市内急用可以选同城闪送，2 小时内送达，运费按距离另计。',
    category: '物流/配送',
    tags: ['配送时效'],
    products: [],
  },
  {
    id: 'after.return.custom',
    question: '定制配置的主机能退吗',
    similar: [
      '按我的要求装的电脑不想要了能退吗',
      '整机支持七天无理由吗',
      '主机收到不满意可以退货吗',
      '装好的电脑退货要扣钱吗',
      '訂製的主機可以退嗎',
      '自己选配的整机能无理由退吗',
      '定制的主机可以退货吗',
      '整机能不能七天无理由退',
      '整机退货有什么条件',
    ],
    answer:
      '本店标准配置整机（商品页现成配置）支持 {policy.return_days} 天无理由退货，需外观完好、配件齐全，扣除 200 元装机测试费；按您的要求改动配置的定制整机属于定制商品，不支持无理由退货，但 {policy.exchange_days} 天内出现质量问题可以换货或维修。笔记本和单独配件按 {policy.return_days} 天无理由退货执行。',
    category: '售后/退货',
    tags: ['退货', '定制'],
    products: [],
  },
  {
    id: 'store.policy.doa',
    question: '主机收到后点不亮怎么办',
    similar: [
      '新电脑到手开不了机',
      '整机收到开机没画面',
      '刚收到的主机风扇转但是黑屏',
      '主机运输过来以后不亮了',
      '收到主機開不了機怎麼辦',
      '电脑到了插上电没反应',
      '刚收到电脑开不了机怎么办',
      '新主机插电按开机没反应',
      '到货的主机点不亮能换吗',
    ],
    answer:
      '先检查三点：机箱内的防震泡棉是否已取出，电源背后的开关是否拨到"I"，显示器线是否插在显卡而不是主板的接口上；仍然不亮请拍段视频联系售后，我们远程协助排查。确认是运输或质量问题的，30 天内免费换新配件或整机返厂维修，往返顺丰运费由本店承担。',
    category: '售后/到货故障',
    tags: ['点不亮', '售后'],
    products: [],
  },
  {
    id: 'store.policy.self-upgrade',
    question: '自己给整机加配件还保修吗',
    similar: [
      '我自己加了根内存 整机质保还有吗',
      '拆开机箱侧板会影响保修吗',
      '自己换了显卡其他配件还保吗',
      '整机有易碎贴吗',
      '自己動手升級還有保固嗎',
      '自己清灰拆了散热器还保修吗',
      '自己升级整机配件影响保修吗',
      '整机自己动手加块硬盘还在保吗',
    ],
    answer:
      '保修。本店整机不贴易碎贴，自己加内存、硬盘、换显卡或清灰都不影响其余原装配件的 3 年质保；因自行操作造成的损坏（如 CPU 插针弯曲、静电击穿、散热器装错）不在免费范围内，自己加装的配件由其购买渠道保修。',
    category: '售后/保修',
    tags: ['保修', '升级'],
    products: [],
  },
  {
    id: 'store.policy.store-hours',
    question: '门店几点开门',
    similar: [
      '实体店营业时间',
      '周末门店开吗',
      '店里晚上几点关门',
      '过年门店放假吗',
      '門市幾點營業',
      '今天店里有人吗',
      '门店营业到几点',
      '店里几点开门几点关门',
      '实体店周日营业吗',
    ],
    answer:
      '门店营业时间为每天 10:00-20:00（春节假期另行公告），在线客服时间为{shop.service_hours}。到店装机、试玩或自提建议提前一天在线预约，我们会安排装机师傅和样机。',
    category: '门店/营业',
    tags: ['门店'],
    products: [],
  },
  {
    id: 'store.policy.lifetime-clean',
    question: '整机以后清灰收费吗',
    similar: [
      '主机用久了能回店清灰吗',
      '免费清灰换硅脂吗',
      '电脑积灰了你们给保养吗',
      '整機可以免費清灰嗎',
      '多久可以来店里保养一次',
      '整机清灰免费吗',
      '主机能回店里保养吗',
      '清灰换硅脂收多少钱',
    ],
    answer:
      '本店整机终身免费清灰保养：到店当场做，约 40 分钟，包括除尘、重新涂硅脂和理线检查；寄回保养需承担单程运费。一般建议一年清一次灰，养宠物的家庭半年一次。',
    category: '售后/增值服务',
    tags: ['清灰', '保养'],
    products: [],
  },
  {
    id: 'store.policy.appointment',
    question: '到店装机需要预约吗',
    similar: [
      '直接去店里能马上装吗',
      '周末去装机要排队吗',
      '怎么预约装机师傅',
      '现场装机要等多久',
      '到店組裝要先預約嗎',
      '到店组装要不要提前约',
      '去店里装机要排多久',
      '预约装机怎么约',
    ],
    answer:
      '建议提前预约：在线告诉客服到店日期和配置，我们备好配件并安排师傅，到店后约 2 小时装好测试；周末人多，未预约可能要排队 1-3 小时。',
    category: '门店/预约',
    tags: ['门店', '装机'],
    products: [],
  },
  {
    id: 'store.policy.gpu-rma',
    question: '显卡坏了找你们还是找厂家',
    similar: [
      '显卡保修要自己寄给品牌吗',
      '你们能代送修显卡吗',
      '买的显卡花屏了怎么售后',
      '单买的配件售后走哪里',
      '顯卡壞了要找誰保固',
      '显卡返厂要多久',
      '显卡售后找谁',
      '在你家买的显卡坏了怎么保修',
      '显卡能帮忙送修吗',
    ],
    answer:
      '都可以。在本店买的显卡、主板等配件，{policy.exchange_days} 天内出现质量问题直接找本店换新；之后在品牌质保期内可以自己联系品牌售后，也可以寄到门店由我们代送修，代送修一般 7-15 个工作日，期间深圳客户可以申请借用备用卡。',
    category: '售后/配件送修',
    tags: ['显卡', '保修'],
    products: [],
  },
  {
    id: 'store.policy.reinstall',
    question: '整机系统坏了可以免费重装吗',
    similar: [
      '电脑中毒了你们能帮重装吗',
      '重装系统收钱吗',
      '系统崩了寄回去重装要钱不',
      '整機重灌系統要收費嗎',
      '能帮我重做系统吗',
      '整机重装系统要钱吗',
      '系统出问题了能帮忙重装吗',
      '可以远程帮我重装系统吗',
    ],
    answer:
      '本店整机终身免费重装系统：到店即装，约 30 分钟；也可以远程协助您用 U 盘自己重装。重装会清空 C 盘，请提前备份资料；需要保留数据的，我们可以先帮您备份到另一块硬盘。',
    category: '售后/增值服务',
    tags: ['系统', '重装'],
    products: [],
  },
];

/** Images: [path relative to the workspace, width, height, seed]. Pictures are abstract placeholders. */
const IMAGES: [string, number, number, number][] = [
  ['faqs/media/build-4070s.png', 48, 32, 11],
  ['faqs/media/build-4070s-inside.png', 48, 32, 12],
  ['faqs/media/store-map.png', 48, 32, 13],
  ['faqs/media/showcase-white.png', 48, 32, 14],
  ['faqs/media/showcase-rgb.png', 48, 32, 15],
  ['faqs/media/y9000p.png', 48, 32, 16],
  ['tutorials/images/gpu-driver-download.png', 40, 24, 21],
  ['tutorials/images/gpu-driver-install.png', 40, 24, 22],
  ['tutorials/images/y9000p-bottom-screws.png', 40, 24, 23],
  ['tutorials/images/y9000p-ram-slots.png', 40, 24, 24],
  ['tutorials/images/first-boot-foam.png', 40, 24, 25],
  ['tutorials/images/first-boot-power-switch.png', 40, 24, 26],
  ['tutorials/images/bios-flash-menu.png', 40, 24, 27],
  ['tutorials/images/bios-usb-port.png', 40, 24, 28],
  ['tutorials/images/m2-slot.png', 40, 24, 29],
  ['tutorials/images/m2-screw.png', 40, 24, 30],
  ['tutorials/images/debug-leds.png', 40, 24, 31],
  ['tutorials/images/windows-activation.png', 40, 24, 32],
  ['tutorials/images/gpu-bracket.png', 40, 24, 33],
  ['tutorials/images/aio-radiator.png', 40, 24, 34],
  ['tutorials/images/aio-pump-header.png', 40, 24, 35],
  ['tutorials/images/fan-curve.png', 40, 24, 36],
  ['tutorials/images/dual-boot-partition.png', 40, 24, 37],
  ['tutorials/images/unboxing-foam.png', 40, 24, 38],
  ['tutorials/images/xmp-profile.png', 40, 24, 39],
];

// ---------------------------------------------------------------------------------------------------------
// PNG

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Small linear congruential generator: the same seed always draws the same picture. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

/** An RGB PNG: a coloured background, a darker frame and a few seeded blocks (a "screenshot" stand-in). */
function makePng(width: number, height: number, seed: number): Buffer {
  const rand = seededRandom(seed);
  const base = [Math.floor(rand() * 120) + 100, Math.floor(rand() * 120) + 100, Math.floor(rand() * 120) + 100];
  const blocks = Array.from({ length: 4 }, () => ({
    x: Math.floor(rand() * (width - 12)) + 3,
    y: Math.floor(rand() * (height - 10)) + 3,
    w: Math.floor(rand() * 10) + 4,
    h: Math.floor(rand() * 6) + 3,
    c: [Math.floor(rand() * 256), Math.floor(rand() * 256), Math.floor(rand() * 256)],
  }));
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      let px = base;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) px = base.map((v) => v - 80);
      for (const b of blocks) if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h) px = b.c;
      raw.set(px, row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// XLSX

/**
 * Rewrites every zip entry's DOS modification time (local headers and central directory) so the archive
 * does not depend on the clock. Walks the central directory rather than scanning for signatures, since
 * compressed data may contain signature bytes.
 */
function fixZipTimestamps(zip: Buffer, date: Date): Buffer {
  const out = Buffer.from(zip);
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let eocd = -1;
  for (let i = out.length - 22; i >= 0; i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end-of-central-directory record');
  const count = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header at ${local}`);
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

async function makeXlsx(entries: SheetEntry[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '极客装机馆';
  wb.lastModifiedBy = '极客装机馆';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet('常见问题');
  ws.columns = [
    { header: HEADERS[0], width: 30 },
    { header: HEADERS[1], width: 34 },
    { header: HEADERS[2], width: 40 },
    { header: HEADERS[3], width: 80 },
    { header: HEADERS[4], width: 18 },
    { header: HEADERS[5], width: 16 },
    { header: HEADERS[6], width: 24 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const e of entries) {
    const row = ws.addRow([e.id, e.question, e.similar.join('\n'), e.answer, e.category, e.tags.join('、'), e.products.join('、')]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipTimestamps(bytes, FIXED_DATE);
}

// ---------------------------------------------------------------------------------------------------------
// CSV

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Long layout: one phrasing per row; the first row of an entry carries the answer, category, tags, models. */
function makeLongCsv(entries: SheetEntry[]): string {
  const rows: string[][] = [[...HEADERS]];
  for (const e of entries) {
    rows.push([e.id, e.question, '', e.answer, e.category, e.tags.join('、'), e.products.join('、')]);
    for (const s of e.similar) rows.push([e.id, '', s, '', '', '', '']);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function encodeGbk(text: string): Buffer {
  const bytes = iconv.encode(text, 'gbk');
  if (iconv.decode(bytes, 'gbk') !== text) throw new Error('CSV text has characters GBK cannot encode');
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------

function write(rel: string, bytes: Buffer | string): void {
  const abs = join(ROOT, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, bytes);
  console.log(`wrote examples/pc-store/${rel} (${Buffer.byteLength(bytes)} bytes)`);
}

async function main(): Promise<void> {
  write('faqs/faqs.xlsx', await makeXlsx(XLSX_ENTRIES));
  write('faqs/store-policies-gbk.csv', encodeGbk(makeLongCsv(CSV_ENTRIES)));
  for (const [rel, w, h, seed] of IMAGES) write(rel, makePng(w, h, seed));
}

await main();
