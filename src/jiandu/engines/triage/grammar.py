"""A generative grammar of clue texts for training (not used at run time).

Each generated text carries its labels by construction: who is accused (``officer`` — an officer or
the market-regulation bureau; ``authority`` — another public authority; ``merchant``; ``none``), the
joint label (P0, P1a … P4f, P3) and the domain.  The grammar mixes the registers real clues come in:
12345 work orders, hotline transcripts with fillers, long rambling petitions, short online messages,
letters from firms, summaries of reconsideration and litigation; it adds typos, dialect words,
traditional characters (OpenCC s2t), amounts, dates, addresses and a second, unrelated issue.

All names are invented; there is no real person or firm in it.  The held-out "real voice" texts
(``data/realvoice_*.jsonl``) were written by hand, in free prose, not from this grammar.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jiandu.engines.triage.taxonomy import DOMAINS

__all__ = ["ACCUSED", "Generated", "add_aside", "generate"]

ACCUSED = ("officer", "authority", "merchant", "none")


@dataclass(frozen=True, slots=True)
class Generated:
    text: str
    label: str
    domain: str | None
    accused: str


# --- slot vocabularies -----------------------------------------------------------------------------

# domain → shops / firms, what a merchant did wrong (a consumer's complaint), a minor violation a
# firm was fined for, and what an inspection looked at.
DOMAIN: dict[str, dict[str, list[str]]] = {
    "食品": {
        "shop": [
            "楼下的面馆",
            "小区门口的超市",
            "一家烧烤店",
            "学校门口的小吃店",
            "菜市场的熟食摊",
            "某外卖商家",
            "一家奶茶店",
            "农贸市场的卤菜店",
            "单位食堂",
            "一家火锅店",
            "街边早餐店",
        ],
        "wrong": [
            "卖过期的面包",
            "后厨脏乱差,老鼠到处跑",
            "吃出了苍蝇",
            "卖的熟食变质发酸",
            "员工没有健康证",
            "用地沟油",
            "卖的牛奶过期了好几天",
            "吃完拉肚子,全家都不舒服",
            "饭菜里吃出头发",
            "卖三无食品",
            "把过期的月饼改了日期又卖",
            "卖的猪肉注水",
        ],
        "viol": [
            "一包饼干过期一天",
            "员工健康证过期",
            "冰柜温度记录没填",
            "进货台账不全",
            "标签上少了生产日期",
            "留样不够48小时",
            "一瓶酱油过期",
        ],
        "item": ["后厨", "进货台账", "食品留样", "冷库", "食品标签"],
    },
    "农资": {
        "shop": ["镇上的农资店", "一家种子公司", "村口卖化肥的", "县里的农药批发部"],
        "wrong": [
            "卖的种子发芽率不到一半",
            "化肥是假的,庄稼都烧死了",
            "农药兑水卖",
            "卖的玉米种子不出苗",
            "地膜一扯就破",
            "化肥含量不够",
        ],
        "viol": ["一袋种子标签不全", "农药经营台账没记", "化肥没有登记证号", "种子包装少了一项标注"],
        "item": ["农药经营台账", "种子标签", "化肥进货凭证"],
    },
    "特种设备": {
        "shop": ["小区的物业公司", "商场", "一家游乐园", "一家气站", "工厂"],
        "wrong": [
            "电梯经常困人",
            "电梯检验合格证过期了还在用",
            "游乐设施没人检修",
            "锅炉没有年检",
            "气瓶没有检验就充气",
            "扶梯突然倒转",
        ],
        "viol": ["一台叉车年检晚了几天", "电梯维保记录少签了一次字", "压力表过了校验期", "锅炉工证书过期"],
        "item": ["电梯", "锅炉", "压力容器", "叉车", "气瓶"],
    },
    "产品质量": {
        "shop": ["一家建材店", "家具城", "一家电器商场", "某服装厂", "一家五金店"],
        "wrong": [
            "卖的电线是劣质的",
            "买的热水器漏电",
            "家具甲醛超标",
            "羽绒服里全是飞丝",
            "买的插座一用就烧了",
            "童装一洗就掉色",
        ],
        "viol": ["一批产品抽检有一项不合格", "合格证没有随货", "产品标识不全", "厂名厂址标注不规范"],
        "item": ["产品抽检", "仓库的产品", "出厂检验记录"],
    },
    "消费者权益保护": {
        "shop": [
            "一家健身房",
            "一家美容院",
            "某培训机构",
            "一家理发店",
            "一家婚纱影楼",
            "某家政公司",
            "一家洗车店",
        ],
        "wrong": [
            "办了卡就跑路了",
            "预付卡不给退",
            "收了定金不退",
            "强迫消费",
            "霸王条款不让自带酒水",
            "服务没做完就不给退钱",
            "会员卡余额不认了",
            "老板换了人就不认账",
        ],
        "viol": ["格式条款里有一句不规范", "预付卡没有备案", "退换货承诺没有公示"],
        "item": ["预付卡合同", "格式条款", "消费投诉处理记录"],
    },
    "知识产权": {
        "shop": ["一家服装店", "某网店", "一家箱包批发商", "一家白酒经销商"],
        "wrong": ["卖假冒名牌包", "卖假冒名酒", "商标被人冒用", "仿冒我们的专利产品", "卖盗版书"],
        "viol": ["店里挂的一件衣服吊牌有问题", "包装上的商标标注不规范", "专利号标错一位"],
        "item": ["商标使用", "专利标识", "进货来源"],
    },
    "标准": {
        "shop": ["一家食品厂", "某企业", "一家小厂"],
        "wrong": ["执行的企业标准低于国标", "产品不按标准生产", "标准自我声明是假的"],
        "viol": ["企业标准没有在平台自我声明", "执行标准写的是旧版本", "标准号印错"],
        "item": ["执行标准", "企业标准自我声明"],
    },
    "计量": {
        "shop": ["菜市场的摊贩", "一家加油站", "一家水果店", "集贸市场的肉摊", "一家眼镜店"],
        "wrong": [
            "缺斤短两",
            "秤有问题,一斤少二两",
            "加油机少加油",
            "电子秤做了手脚",
            "出租车计价器跳得飞快",
        ],
        "viol": ["一台电子秤没有按时检定", "加油机铅封有点松", "计量器具台账没建"],
        "item": ["电子秤", "加油机", "计量器具"],
    },
    "认证认可与检验检测": {
        "shop": ["一家检测公司", "某检验检测机构", "一家认证咨询公司", "一家电器店"],
        "wrong": ["出具假检测报告", "没做检测就出报告", "卖没有3c认证的插线板", "认证证书是买来的"],
        "viol": ["检测报告少了一个签字", "资质认定标志用得不规范", "原始记录没有归档"],
        "item": ["检测报告", "资质认定", "3c认证"],
    },
    "登记注册": {
        "shop": ["一家公司", "隔壁的个体户", "某空壳公司"],
        "wrong": ["冒用我的身份证注册了公司", "地址是假的,根本找不到人", "拿我的名字当了法人"],
        "viol": ["住所变更没有及时登记", "营业执照没有悬挂", "经营范围超了一点"],
        "item": ["营业执照", "登记信息", "经营范围"],
    },
    "信用监管": {
        "shop": ["一家企业", "某公司", "我们的供应商"],
        "wrong": ["年报造假", "被列入经营异常名录还在招投标", "公示信息和实际不符"],
        "viol": ["年报晚报了几天", "年报里一个电话号码填错", "公示信息更新不及时"],
        "item": ["年报", "公示信息", "经营异常名录"],
    },
    "反垄断": {
        "shop": ["某平台", "当地唯一的燃气公司", "几家混凝土企业", "某水务公司"],
        "wrong": ["搞二选一", "几家串通涨价", "滥用市场支配地位强制搭售", "限定只能买他们指定的表"],
        "viol": ["协会章程里有一条限制竞争的条款", "经营者集中没有申报"],
        "item": ["协议条款", "经营者集中申报材料"],
    },
    "价格": {
        "shop": [
            "一家停车场",
            "小区物业",
            "一家私立医院",
            "燃气公司",
            "一家景区",
            "出租车司机",
            "一家宾馆",
            "某供暖公司",
            "一家酒店",
            "驾校",
        ],
        "wrong": [
            "乱收费",
            "收费不明码标价",
            "停车费乱涨价",
            "收了一大堆莫名其妙的费用",
            "结账时价格比标的高",
            "节假日房价翻了好几倍",
            "不打表乱要价",
            "强制收取开户费",
            "检查费收得离谱",
            "乱收初装费",
            "收取押金不退",
            "宰客",
        ],
        "viol": ["一个商品价签没更新", "明码标价的牌子少了一项", "价格公示栏字太小", "两个商品标价签放错了"],
        "item": ["明码标价", "收费公示", "价签"],
    },
    "反不正当竞争": {
        "shop": ["同行的一家公司", "竞争对手", "一家药店", "某销售公司"],
        "wrong": [
            "到处诋毁我们的商誉",
            "仿冒我们的包装装潢",
            "给医院回扣",
            "搞有奖销售奖品是假的",
            "挖走员工窃取商业秘密",
            "虚假宣传",
        ],
        "viol": ["宣传单上一句话有点夸大", "有奖销售的规则没写清楚", "店招和别人有点像"],
        "item": ["宣传资料", "有奖销售活动"],
    },
    "打击传销": {
        "shop": ["一个投资群", "某所谓的健康公司", "一个拉人头的平台", "亲戚参加的组织"],
        "wrong": ["拉人头发展下线", "交入门费才能加入", "把人骗去封闭上课洗脑", "说发展下线就能返利"],
        "viol": ["会销活动没有报备", "直销员证没有随身带"],
        "item": ["会销活动", "直销员管理"],
    },
    "网监": {
        "shop": ["一个网店", "某直播间的主播", "一个电商平台", "一个小程序商城", "某团购平台"],
        "wrong": [
            "网购收到的是假货",
            "直播间卖的东西和描述不符",
            "平台不给退款",
            "七天无理由不给退",
            "刷单炒信",
            "大数据杀熟",
        ],
        "viol": ["网店首页没有亮照", "网页上少了一个证照信息", "直播时一句话用词不当"],
        "item": ["网店亮照", "网络交易记录"],
    },
    "广告": {
        "shop": ["一家美容院", "某保健品公司", "一家装修公司", "一家楼盘", "一家医美机构", "某教育机构"],
        "wrong": ["广告说能治百病", "发虚假广告", "广告上写着全国第一", "朋友圈广告骗人", "宣传单说包过"],
        "viol": ["宣传单上用了一个最字", "广告里用了国家级三个字", "门头广告有一个极限词", "海报上写了最好"],
        "item": ["户外广告", "宣传单", "网页广告"],
    },
}


# more shops, wrongs, violations and inspected things per domain (merged into DOMAIN)
_MORE: dict[str, dict[str, list[str]]] = {
    "食品": {
        "shop": [
            "学校门口的小卖部",
            "一家卤肉店",
            "网红蛋糕店",
            "一家米粉店",
            "路边的早点摊",
            "一家面包房",
            "一家酒楼",
            "一家咖啡店",
            "社区团购的团长",
            "一家凉皮店",
        ],
        "wrong": [
            "卖过期的零食给小孩",
            "配料表和宣传的零添加不一样",
            "卖的辣条没有生产日期",
            "饭菜是隔夜的",
            "进口食品没有中文标签",
            "豆浆是馊的",
            "卖病死猪肉",
            "用过期的调料",
            "外卖里吃出了钢丝球",
            "卖散装白酒没有标签",
        ],
        "viol": ["冰柜里有一包过期的汤圆", "操作间没有挂防蝇帘", "从业人员没戴帽子", "一批大米标签少写一项"],
        "item": ["食品经营许可证", "冰柜", "操作间", "食品添加剂台账"],
    },
    "产品质量": {
        "shop": ["一家手机配件店", "一家电动车店", "一家玩具店", "一家灯具店", "一家卫浴店", "一家母婴店"],
        "wrong": [
            "卖的手机壳用一天就裂",
            "电动车电池鼓包起火",
            "卖三无口罩",
            "头盔一摔就碎",
            "儿童玩具有小零件掉下来",
            "冰箱两个月就不制冷",
            "空调装上就漏水",
            "新车发动机漏油",
            "卖没有厂名厂址的产品",
            "电热毯有焦糊味",
        ],
        "viol": ["产品标签的字小了一号", "包装上少了执行标准号", "一款产品的说明书不全", "合格证漏盖章"],
        "item": ["产品标签", "产品合格证", "说明书"],
    },
    "消费者权益保护": {
        "shop": [
            "一家游泳馆",
            "某早教中心",
            "一家养生馆",
            "一家月子中心",
            "一家宠物店",
            "一家摄影工作室",
            "某旅行社",
        ],
        "wrong": [
            "拉老人听讲座卖理疗仪",
            "私教课上了几节教练就跑了",
            "年卡还没到期就关门",
            "说好的服务缩水了",
            "套餐里的项目不给做",
            "旅游途中强制购物",
            "收了定金又要加钱",
            "装修停业不退钱",
        ],
        "viol": ["会员合同字号太小", "充值卡规则没有提示"],
        "item": ["会员合同", "充值记录"],
    },
    "价格": {
        "shop": [
            "学校",
            "民营医院",
            "宠物医院",
            "一家商场",
            "出租车",
            "网约车司机",
            "一家景区餐厅",
            "机场的餐厅",
            "一家KTV",
            "一家洗浴中心",
        ],
        "wrong": [
            "说计价器坏了一口价要一百五",
            "做个检查收了好几百还有没做的项目",
            "促销原价是虚构的,先涨后降",
            "强制买指定的校服一套八百多",
            "标价和结账不一样",
            "一瓶水卖二十",
            "服务费事先不告知",
            "收取高额的高空作业费",
            "价目表上没有的项目也收钱",
            "同一个东西对老顾客卖得更贵",
        ],
        "viol": ["价目表没更新", "收费项目公示不全"],
        "item": ["价目表", "收费清单"],
    },
    "广告": {
        "shop": ["某保健品店", "一家药店", "一家减肥中心", "某整形医院", "一家楼盘售楼处"],
        "wrong": [
            "海报上写着全城最低价",
            "宣传说保健品能降血压",
            "广告说三天瘦十斤",
            "传单上写着无效退款",
            "说吃了能治糖尿病",
            "广告用了患者的名义作证明",
        ],
        "viol": ["海报上有一个全网第一", "宣传页用了一个顶级"],
        "item": ["海报", "店内宣传"],
    },
    "网监": {
        "shop": ["一个拼团群", "一个短视频卖货的", "某二手平台的卖家", "一个网红直播间", "某外卖商家的网店"],
        "wrong": [
            "收到的货和图片完全不一样",
            "退货后一直不退款",
            "直播说是正品收到是假的",
            "网店关了联系不上",
            "骗我付了定金就拉黑",
            "页面标的价格下单后又改",
        ],
        "viol": ["网店页面的证照过期", "商品页面少了一项信息"],
        "item": ["网店页面", "直播记录"],
    },
    "反垄断": {
        "shop": ["某外卖平台", "当地的几家驾校", "几家砂石厂", "某电商平台"],
        "wrong": [
            "要求商家只能在他们一家上线",
            "几家约好统一涨价",
            "不在他们家上就降排名",
            "强制商家参加满减活动",
        ],
        "viol": [],
        "item": ["平台协议"],
    },
    "打击传销": {
        "shop": ["一个返利群", "一个养老投资项目", "一个所谓的消费返利平台"],
        "wrong": ["说拉人进来就有提成", "交钱入会再拉亲戚进来", "说投一万每月返八百还要拉人"],
        "viol": [],
        "item": [],
    },
    "知识产权": {
        "shop": ["一个同行", "一家鞋店", "一家茶叶店"],
        "wrong": ["把我们的商标改了一个字就用", "卖假冒的名牌鞋", "茶叶包装上用了别人的地理标志"],
        "viol": [],
        "item": ["商标注册证"],
    },
    "计量": {
        "shop": ["卖鸡蛋的", "卖牛肉的摊位", "一家金店", "一家药房"],
        "wrong": [
            "三斤鸡蛋回家称只有两斤半",
            "油枪显示加了四十升,油箱才四十五升",
            "金饰称重少了零点几克",
            "秤动过手脚",
        ],
        "viol": ["一台秤的检定证书过期"],
        "item": ["秤", "检定证书"],
    },
    "特种设备": {
        "shop": ["小区的电梯维保公司", "一家商场的扶梯", "景区的索道", "一家餐馆的燃气罐"],
        "wrong": [
            "电梯一个月困人三次",
            "扶梯突然停了老人摔伤",
            "电梯年检标志过期半年",
            "维保的人随便看看就走",
        ],
        "viol": ["一台电梯的维保记录漏签"],
        "item": ["电梯维保记录", "年检标志"],
    },
}
for _name, _parts in _MORE.items():
    for _key, _values in _parts.items():
        DOMAIN[_name][_key] = DOMAIN[_name][_key] + _values

# non-market-regulation matters: nobody in enforcement is accused; domain None
PUBLIC_MATTERS = [
    "小区门口的路灯坏了好几个月",
    "我们这条路坑坑洼洼一下雨就积水",
    "楼上装修噪音太大晚上都不停",
    "小区垃圾好几天没人清运",
    "孩子上学的学区划分不合理",
    "公交车班次太少等一个小时",
    "老旧小区改造拖了两年还没完工",
    "我们村的自来水浑浊",
    "小区停车位被人长期占用",
    "广场舞音响太吵",
    "楼道里堆满杂物有消防隐患",
    "下水道堵了污水横流",
    "单位拖欠工资三个月不发",
    "社保转移办不下来",
    "拆迁补偿一直没有到位",
    "医保报销比例太低",
    "公租房申请排了三年",
    "小区绿化被人毁了种菜",
    "学校食堂伙食费太贵",
    "工地晚上施工扰民",
    "小区电梯加装的事谈不拢",
    "村里的道路硬化迟迟没修",
    "户口迁移手续太麻烦",
    "高速路口经常堵车",
    "垃圾站臭气熏天",
    "路边的树倒了没人处理",
    "居委会办事推来推去",
    "物业不给修漏水的屋顶",
    "物业费年年涨服务越来越差",
    "楼下的狗天天叫",
    "小区的健身器材坏了",
    "居委会主任态度很差",
    "村委会账目不公开",
    "公园厕所太脏",
    "红绿灯时间太短",
]
PUBLIC_MATTERS += [
    "小区旁边新建的变电站离住宅太近",
    "地铁施工把路封了半年",
    "老家的危房改造补贴没发下来",
    "孩子幼儿园的入园名额抽签不公平",
    "我们小区一直没有通天然气",
    "村里的自来水管道老化经常停水",
    "安置房的房产证办了五年还没办下来",
    "农村低保评定不公平",
    "路口没有斑马线老人过马路很危险",
    "共享单车乱停乱放堵住了人行道",
    "小区的化粪池满了往外溢",
    "河道里漂满了垃圾",
    "学校让学生周末补课",
    "退役军人的优待证一直没有发",
    "新生儿医保参保办不了",
    "我们这里公交站牌被撤了",
    "小区旁边的空地成了垃圾场",
    "夜里渣土车跑得飞快",
    "宽带安装一直排不上",
    "小区门禁坏了外人随便进",
]
PUBLIC_MATTERS += [
    "建议在学校门口增设红绿灯",
    "小区开发商承诺的配套幼儿园至今没建",
    "学校强制学生去工厂实习",
    "教师绩效工资迟迟不发",
    "农村的道路没有路灯",
    "安置小区的物业费标准太高",
    "高铁站到市区没有公交",
    "城中村改造补偿标准太低",
    "希望延长地铁的运营时间",
    "老年人乘车卡办理太麻烦",
    "社区卫生服务中心看病排队太久",
    "孩子的学籍转不过来",
    "小区被划进拆迁范围却没有通知",
    "马路上的井盖丢了很危险",
    "医院停车太难",
    "农民工的养老保险怎么续缴",
]
# a firm or an employer does wrong, but outside the 17 market-regulation domains: P0, domain None
OTHER_MERCHANT = [
    "附近的化工厂半夜偷排废水,河里的鱼都死了",
    "工厂烟囱天天冒黑烟",
    "老板拖欠我们三个月工资不发",
    "公司不给交社保",
    "开发商延期交房一年多了",
    "中介公司扣着押金不退",
    "房东不退押金还换了锁",
    "工地老板欠农民工工资跑了",
    "公司强迫员工加班不给加班费",
    "驾校收了钱一直不安排练车",
    "物业公司把小区公共收益自己拿走了",
    "一家KTV噪音扰民到凌晨",
    "搅拌站粉尘太大",
    "养猪场臭味熏得没法开窗",
    "网吧接纳未成年人",
    "洗浴中心疑似有违法活动",
]
PUBLIC_NONENF_BODIES = ["居委会", "物业", "村委会", "社区", "业委会", "小区物业", "街道的网格员"]
PUBLIC_INACTION = [
    "一直不管",
    "说了好多次都没人理",
    "根本不作为",
    "推来推去",
    "视而不见",
    "找了也没用",
    "一直拖着不解决",
    "没有任何回音",
]
PUBLIC_INACTION += [
    "打了好几次电话都没人来修",
    "打了几次12345都没人来",
    "反映了好几次都没人来看",
    "说了多少次都没人管",
    "打电话过去都说在处理",
    "一个多月了也没人来",
]
PUBLIC_MATTERS += [
    "楼道里有人乱拉电线给电动车充电",
    "楼下有人长期乱停车堵住消防通道",
    "楼下的下水道反味",
    "楼道的灯坏了",
    "小区的围墙塌了一段",
    "楼顶的水箱漏水",
]

OFFICER = [
    "执法人员",
    "市场监管所的人",
    "所里的工作人员",
    "执法队员",
    "监管所的两个人",
    "一个姓王的执法人员",
    "来检查的人",
    "所长",
    "监管局的人",
    "市场监管局执法大队的人",
    "片区的监管员",
    "局里的科长",
]
BUREAU = [
    "市场监管局",
    "区市场监督管理局",
    "县市场监管局",
    "镇上的市场监管所",
    "市场监督管理所",
    "监管部门",
    "你们局",
    "工商局",
    "县局",
    "区局的执法大队",
]
AUTHORITY = [
    "卫生局",
    "卫健委",
    "城管",
    "环保局",
    "消防大队",
    "街道办",
    "住建局",
    "税务局",
    "交通局",
    "有关部门",
    "相关部门",
    "派出所",
    "文旅局",
    "应急管理局",
    "农业农村局",
    "镇政府",
    "教育局",
]
MERCHANT_TALK = ["老板", "店家", "商家", "他们店", "客服", "那家公司", "经理"]

FIRM = ["我公司", "我们公司", "本公司", "我们厂", "我的小店", "我们店", "我们合作社", "我家的个体店"]
PLACE = ["城东", "河西", "新区", "老城区", "开发区", "北关", "南湖", "金山", "青石", "桥头"]
FEES = ["检测费", "培训费", "服务费", "评审费", "资料费", "会员费", "赞助费", "咨询费", "系统使用费", "年费"]
AMOUNTS = [
    "两千元",
    "五千元",
    "一万元",
    "两万元",
    "三万元",
    "五万元",
    "十万元",
    "二十万元",
    "8000元",
    "20000元",
    "3万",
    "5万块",
    "1.5万元",
    "五百块",
    "800元",
    "2000块钱",
]
DEMAND = [
    "请尽快核实处理",
    "希望有关部门管一管",
    "请领导给个说法",
    "要求依法处理",
    "希望能够退款",
    "请上级部门调查",
    "麻烦你们尽快处理",
    "希望给个答复",
    "希望得到公正对待",
    "",
]


# --- label bodies --------------------------------------------------------------------------------

Body = Callable[[random.Random, str], str]


def _c(rng: random.Random, options: Sequence[str]) -> str:
    return options[rng.randrange(len(options))]


def _d(rng: random.Random, domain: str, key: str) -> str:
    return _c(rng, DOMAIN[domain][key])


def _officer(rng: random.Random) -> str:
    return _c(rng, OFFICER if rng.random() < 0.6 else BUREAU)


def _p1a(rng: random.Random, d: str) -> str:
    fee = _c(rng, FEES)
    return _c(
        rng,
        [
            f"{_officer(rng)}来检查{_d(rng, d, 'item')},说要交{_c(rng, AMOUNTS)}{fee}才给过,也不开票",
            f"{_c(rng, BUREAU)}要求{_c(rng, FIRM)}参加培训,每家收{_c(rng, AMOUNTS)}{fee},不交就不给办",
            f"办事的时候{_c(rng, OFFICER)}让我们先交{fee},问收费依据也说不出来,明显是乱收费",
            f"{_c(rng, BUREAU)}指定了一家机构,要我们去做{_d(rng, d, 'item')}检测,"
            f"收费{_c(rng, AMOUNTS)},别家做的不认",
            f"{_c(rng, AUTHORITY)}和{_c(rng, BUREAU)}联合检查,每户摊派{_c(rng, AMOUNTS)},说是{fee}",
            f"年检{_d(rng, d, 'item')}的时候还搭车收{fee},执法部门收钱不给收据",
        ],
    )


def _p1b(rng: random.Random, d: str) -> str:
    v = _d(rng, d, "viol")
    a = _c(rng, AMOUNTS)
    return _c(
        rng,
        [
            f"{_c(rng, FIRM)}因为{v},被{_c(rng, BUREAU)}罚了{a},我们认为过罚不当,处罚太重了",
            f"就因为{v},{_officer(rng)}直接顶格罚款{a},我们是第一次,也马上改了,这也罚得太狠了",
            f"{_c(rng, FIRM)}对{_c(rng, BUREAU)}罚款{a}的决定不服,{v}并没有造成任何后果,申请复议要求减轻处罚",
            f"{v},没有给我们改正的机会就罚了{a},小过重罚,首违不罚的政策为什么不用",
            f"原告不服被告{_c(rng, BUREAU)}作出的罚款{a}的行政处罚决定,诉称{v},情节轻微,处罚明显畸重",
            f"同样是{v},别人警告了事,我们被罚{a},还说是从轻,我们觉得处罚金额过高",
            f"{_officer(rng)}说{v}要罚{a},不交就吊销执照,也没有告知我们陈述申辩的权利",
        ],
    )


def _p1c(rng: random.Random, d: str) -> str:
    item = _d(rng, d, "item")
    n = _c(rng, ["三次", "四回", "五六次", "好几趟", "七八次", "两三拨"])
    return _c(
        rng,
        [
            f"这个月{_c(rng, BUREAU)}已经来查了{n}{item},每次查的都一样,店都没法正常开了",
            f"{_c(rng, BUREAU)}、{_c(rng, AUTHORITY)}轮着来检查{item},一个月{n},重复检查多头检查",
            f"{_officer(rng)}来检查不出示执法证,也说不清依据,翻完{item}就走了",
            f"不在随机抽查名单里,{_officer(rng)}隔三差五就来查{item},明显是乱检查",
            f"刚查完{item}没几天,{_c(rng, BUREAU)}又派人来查一遍,检查太频繁影响经营",
        ],
    )


def _p1d(rng: random.Random, d: str) -> str:
    item = _d(rng, d, "item")
    return _c(
        rng,
        [
            f"{_c(rng, BUREAU)}把我们的货全扣押了,过了三个多月也不处理也不退还",
            f"就因为{_d(rng, d, 'viol')},{_officer(rng)}直接把店查封了,贴了封条,清单也没给",
            f"{_officer(rng)}扣押{item}的时候没有扣押清单,超期扣押一直不解封",
            f"{_c(rng, FIRM)}的仓库被{_c(rng, BUREAU)}查封,和违法行为无关的货也一起封了,损失很大",
            f"原告请求确认被告{_c(rng, BUREAU)}查封扣押其财物的行为违法,称扣押超过法定期限",
        ],
    )


def _p2a(rng: random.Random, d: str) -> str:
    return _c(
        rng,
        [
            f"外省的执法人员跑到我们这里来,没有跟本地{_c(rng, BUREAU)}打招呼,直接把{_c(rng, FIRM)}的货拉走了",
            f"外地的{_c(rng, BUREAU)}来我们县异地执法,没有协查函,冻结了我们的账户",
            f"邻市的执法人员跨区域来查{_d(rng, d, 'item')},本地监管所事后才知道",
            f"{_c(rng, FIRM)}在本地经营,外县的执法队却说我们违法,跨省来抓人扣货",
        ],
    )


def _p2b(rng: random.Random, d: str) -> str:
    return _c(
        rng,
        [
            f"听说{_c(rng, BUREAU)}有罚没指标,到年底就到处找企业罚款,{_d(rng, d, 'viol')}也要罚",
            f"{_officer(rng)}和职业打假人串通,专门钓鱼执法,罚款和他们的奖金挂钩",
            f"年底了{_c(rng, BUREAU)}为了完成罚款任务,逮着小商户就罚,以罚代管,纯粹是创收",
            f"{_officer(rng)}自己说今年罚没收入没完成,所以{_d(rng, d, 'viol')}也得罚{_c(rng, AMOUNTS)}",
        ],
    )


def _p3(rng: random.Random, d: str) -> str:
    item = _d(rng, d, "item")
    return _c(
        rng,
        [
            f"同样是{_d(rng, d, 'viol')},县局和区局处理的标准不一致,一个罚一个不罚",
            f"这次来的执法人员说{item}这样可以,下次换人又说不行,说法不一,我们无所适从",
            f"{_c(rng, BUREAU)}和{_c(rng, AUTHORITY)}对{item}的要求不统一,"
            "整改了这个又不符合那个,加重企业负担",
            f"市里规定一个样,到了县里层层加码,{item}要我们重复提交好几次材料",
            f"隔壁区{_d(rng, d, 'viol')}只是警告,我们区却要罚款,同案不同罚,执法尺度不一",
        ],
    )


def _p4a(rng: random.Random, d: str) -> str:
    return _c(
        rng,
        [
            f"{_officer(rng)}要求我们必须从他指定的公司买{_d(rng, d, 'item')}设备,不买就不给验收",
            f"我投诉过{_c(rng, OFFICER)}以后,他就天天来找茬,打击报复",
            f"{_c(rng, OFFICER)}超越职权,强令{_c(rng, FIRM)}停业整顿,没有任何书面决定",
            f"{_c(rng, OFFICER)}滥用职权,让我们把店面转让给他亲戚,不同意就处处刁难",
        ],
    )


def _p4b(rng: random.Random, d: str) -> str:
    return _c(
        rng,
        [
            f"我举报{_d(rng, d, 'shop')}{_d(rng, d, 'wrong')},"
            f"结果{_officer(rng)}提前通风报信,去的时候什么都没查到",
            f"{_d(rng, d, 'shop')}的老板是{_c(rng, OFFICER)}的亲戚,出了事都被包庇了",
            f"{_c(rng, OFFICER)}收了{_d(rng, d, 'shop')}的好处,案子办成了人情案,徇私枉法",
            f"{_c(rng, BUREAU)}查处{_d(rng, d, 'shop')}时放水,关系户的案子最后撤案了",
        ],
    )


def _p4c(rng: random.Random, d: str) -> str:
    shop = _d(rng, d, "shop")
    return _c(
        rng,
        [
            f"{shop}{_d(rng, d, 'wrong')},证据确凿,{_c(rng, BUREAU)}只是口头教育了一下,该罚不罚",
            f"我举报的{shop}{_d(rng, d, 'wrong')},{_c(rng, BUREAU)}查实了却没有作任何处罚",
            f"{shop}多次{_d(rng, d, 'wrong')},{_officer(rng)}每次都只是约谈,以教代罚,违法的人一点代价没有",
            f"{shop}的问题很严重,{_c(rng, BUREAU)}降格处理,罚都不罚就结案了",
        ],
    )


def _p4d(rng: random.Random, d: str) -> str:
    return _c(
        rng,
        [
            f"{_officer(rng)}每次来检查{_d(rng, d, 'item')}都要拿几条烟走,不给就挑毛病",
            f"{_c(rng, OFFICER)}暗示我们意思意思,不然{_d(rng, d, 'item')}就过不了",
            f"{_officer(rng)}来店里吃饭从来不给钱,还要我们逢年过节送购物卡",
            f"办{_d(rng, d, 'item')}的时候{_c(rng, OFFICER)}索要好处费{_c(rng, AMOUNTS)},吃拿卡要",
            f"{_c(rng, OFFICER)}让我们请客吃饭,拿了两箱酒才给签字",
        ],
    )


def _p4e(rng: random.Random, d: str) -> str:
    return _c(
        rng,
        [
            f"{_officer(rng)}来检查态度恶劣,当着顾客的面辱骂我,还推搡我的员工",
            f"{_c(rng, OFFICER)}一进门就呵斥我们,把{_d(rng, d, 'item')}摔在地上,粗暴执法",
            f"{_c(rng, OFFICER)}查{_d(rng, d, 'item')}的时候动手打人,还威胁说要把店封了",
            f"执法的时候{_c(rng, OFFICER)}骂骂咧咧,一点不尊重人,我老婆吓得直哭",
        ],
    )


def _p4f(rng: random.Random, d: str) -> str:
    shop = _d(rng, d, "shop")
    who = _c(rng, AUTHORITY + BUREAU) if rng.random() < 0.6 else _c(rng, BUREAU)
    inaction = _c(
        rng,
        [
            "一直不受理",
            "推给别的部门",
            "视而不见",
            "不管不问",
            "说不归他们管",
            "到现在也没有下文",
            "回复说已处理其实根本没来",
            "踢皮球",
            "一拖再拖",
            "敷衍了事",
            "电话打了十几次都没人管",
        ],
    )
    return _c(
        rng,
        [
            f"我举报{shop}{_d(rng, d, 'wrong')},{who}{inaction}",
            f"{shop}{_d(rng, d, 'wrong')},打12315投诉了好几次,{who}{inaction}",
            f"{shop}{_d(rng, d, 'wrong')}已经半年了,{who}明明知道却{inaction}",
            f"向{who}反映{shop}{_d(rng, d, 'wrong')}的问题,{inaction},执法不作为",
            f"原告请求判令被告{who}履行法定职责,称其举报{shop}{_d(rng, d, 'wrong')}后被告逾期未作处理",
            f"我们企业申请办理{_d(rng, d, 'item')}相关手续,{who}{inaction},超过规定时限也不答复",
            _review_claim(rng, shop, _d(rng, d, "wrong")),
            _review_claim(rng, _d(rng, d, "shop"), _d(rng, d, "wrong")),
        ],
    )


def _p0_merchant(rng: random.Random, d: str) -> str:
    shop = _d(rng, d, "shop")
    wrong = _d(rng, d, "wrong")
    talk = _c(rng, MERCHANT_TALK)
    return _c(
        rng,
        [
            f"{shop}{wrong},找{talk}理论,{talk}态度很差",
            f"我在{shop}消费,{wrong},{talk}不肯处理",
            f"投诉{shop}{wrong}",
            f"{shop}{wrong},{talk}就是不退",
            f"举报{shop}{wrong},请市场监管部门依法查处",
            f"{shop}{wrong},我已经跟{talk}沟通了三次,一直推脱",
            f"前几天去{shop},发现{wrong},希望你们去查一查",
            f"打12315投诉{shop}{wrong},希望尽快处理",
            f"{shop}{wrong},我已经打了12315,{talk}还是不理",
            f"通过12345反映:{shop}{wrong}",
            f"向12315投诉,{shop}{wrong},要求赔偿",
        ],
    )


def _p0_question(rng: random.Random, d: str) -> str:
    item = _d(rng, d, "item")
    return _c(
        rng,
        [
            f"请问{item}方面的规定是什么,需要准备哪些材料",
            f"咨询一下,{item}怎么办理,去哪个窗口",
            f"想问一下我们新开的店{item}有什么要求",
            f"感谢{_c(rng, BUREAU)}的工作人员,帮我们把{item}的问题解决了,服务很好",
            f"{_c(rng, OFFICER)}来指导{item},讲得很清楚,给你们点赞",
            f"这次检查{item}未发现问题,检查人员出示了证件,程序规范",
        ],
    )


def _p0_other_merchant(rng: random.Random) -> str:
    wrong = _c(rng, OTHER_MERCHANT)
    return _c(
        rng,
        [
            wrong,
            f"{wrong},希望政府管一管",
            f"举报:{wrong}",
            f"{wrong},请相关部门处理",
            f"{wrong},{_c(rng, MERCHANT_TALK)}根本不理",
        ],
    )


def _p0_public(rng: random.Random) -> str:
    matter = _c(rng, PUBLIC_MATTERS)
    body = _c(rng, PUBLIC_NONENF_BODIES)
    return _c(
        rng,
        [
            matter,
            f"{matter},希望尽快解决",
            f"{matter},找了{body},{_c(rng, PUBLIC_INACTION)}",
            f"{matter},{body}{_c(rng, PUBLIC_INACTION)},简直是不作为",
            f"{matter},反映给{_c(rng, AUTHORITY)},请求协调解决",
            f"{matter},有关部门能不能管一管",
        ],
    )


BODIES: dict[str, Body] = {
    "P1a": _p1a, "P1b": _p1b, "P1c": _p1c, "P1d": _p1d, "P2a": _p2a, "P2b": _p2b, "P3": _p3,
    "P4a": _p4a, "P4b": _p4b, "P4c": _p4c, "P4d": _p4d, "P4e": _p4e, "P4f": _p4f,
}  # fmt: skip


# --- registers and noise ---------------------------------------------------------------------------

TYPOS = {
    "的": "得",
    "在": "再",
    "已经": "以经",
    "账": "帐",
    "做": "作",
    "反映": "反应",
    "那": "哪",
    "投诉": "头诉",
    "处理": "处里",
    "部门": "部们",
    "执法": "执发",
    "检查": "检察",
    "罚款": "罚钱",
}
DIALECT = {
    "什么": "啥",
    "怎么": "咋",
    "我": "俺",
    "欺骗": "忽悠",
    "不知道": "不晓得",
    "没有": "莫得",
    "很": "贼",
    "骗人": "坑人",
    "干什么": "搞啥子",
    "这样": "这么着",
}
FILLERS = ["那个,", "就是说,", "嗯,", "呃,", "怎么讲呢,", "我跟你讲,", "你听我说,"]


ANONYMISED = ["A市", "A市A3区", "B市B2县", "K市K5区", "A市A7县", "C市C1区", "某市某区", "XX县XX镇"]
TOPICS = ["关于{}的投诉", "反映{}的问题", "{}", "请求解决{}", "举报{}", "{}的问题亟待解决"]


def _litigation(rng: random.Random, body: str, accused: str) -> str:
    """A court or reconsideration summary; only for texts that accuse an officer or authority."""
    firm = _c(
        rng, ["某商贸有限公司", "某食品有限公司", "某个体工商户", "某科技有限公司", "某餐饮店", "某药房"]
    )
    return _c(
        rng,
        [
            f"原告{firm}诉称:{body}。被告辩称其行政行为认定事实清楚、程序合法。",
            f"申请人{firm}不服被申请人作出的具体行政行为,申请行政复议,称{body}。",
            f"本院认为,{body},原告的诉讼请求依法应予支持。",
            f"上诉人{firm}因与被上诉人行政处罚一案,不服一审判决,上诉称{body}。",
        ],
    )


NEWS_PEOPLE = [
    "市民某先生", "消费者某女士", "某某", "家住城南的某先生", "一位姓李的市民", "某女士", "读者某先生",
]  # fmt: skip


def _news(rng: random.Random, body: str) -> str:
    """A news report or a bureau's case summary of a complaint against a merchant (or a public
    matter): the bureau that received it is named, but nobody accuses it."""
    who = _c(rng, NEWS_PEOPLE)
    bureau = _c(rng, ["市场监管局", "区市场监督管理局", "县市场监管局", "市场监管所", "消费者协会", "12315"])
    place = _c(rng, PLACE)
    return _c(
        rng,
        [
            f"近日,{place}{bureau}接到{who}投诉,称{body}。",
            f"{who}向记者反映:“{body}。”",
            f"据{who}介绍,{body}。随后,{who}向{bureau}投诉。",
            f"{place}{bureau}日前受理了一起消费投诉。{who}反映,{body}。",
            f"“{body}。”{who}告诉记者,事发后已向{bureau}反映。",
            f"{bureau}工作人员介绍,{who}反映{body},经调解,商家同意退款。",
        ],
    )


REVIEW_CLAIMS = [
    "被申请人作出不予立案决定",
    "被申请人收到举报后未在法定期限内作出处理",
    "被申请人作出的举报处理结果认定事实不清",
    "被申请人至今未告知处理结果",
    "被申请人对举报事项不予受理,属于未履行法定职责",
]


def _review_claim(rng: random.Random, shop: str, wrong: str) -> str:
    """A reconsideration or court claim against the bureau's handling of a complaint (P4f)."""
    claim = _c(rng, REVIEW_CLAIMS)
    return _c(
        rng,
        [
            f"申请人称:申请人向被申请人投诉举报{shop}{wrong},{claim},请求撤销并责令被申请人重新处理",
            f"申请人称:申请人购买的商品存在问题,{shop}{wrong},遂向被申请人举报,{claim}",
            f"原告诉称:原告以{shop}{wrong}为由向被告举报,被告收到举报后{claim.replace('被申请人', '')},"
            "请求判令被告依法履行职责",
        ],
    )


def _register(rng: random.Random, body: str, accused: str) -> str:
    roll = rng.random()
    place = _c(rng, PLACE)
    if accused in ("officer", "authority") and rng.random() < 0.08:
        return _litigation(rng, body, accused)
    if accused in ("merchant", "none") and rng.random() < 0.18:
        return _news(rng, body)
    if rng.random() < 0.1:
        area = _c(rng, ANONYMISED)
        topic = _c(rng, TOPICS).format(body[:14].rstrip(",。"))
        return f"{area}{topic}。{area}的市民反映:{body}。"
    if roll < 0.18:
        return f"市民来电反映:{body}。诉求:{_c(rng, DEMAND) or '请处理'}。"
    if roll < 0.30:
        filler = _c(rng, FILLERS)
        return f"喂,你好,{filler}我要反映个事,{filler}{body},{filler}{_c(rng, DEMAND)},就这个事。"
    if roll < 0.42:
        intro = _c(
            rng,
            [
                "我是一名普通老百姓",
                f"我是{place}片区的一个小商户",
                "我是一名退休职工",
                "我在这里做小生意十几年了",
                "本人是外来务工人员",
            ],
        )
        ramble = _c(
            rng,
            [
                "这件事情已经困扰我很久了,",
                "我实在是没有办法了才写这封信,",
                "为了这个事我跑了不知道多少趟,",
                "家里老人孩子都等着这点钱过日子,",
                "",
            ],
        )
        return (
            f"尊敬的领导:您好!{intro},{ramble}{body}。{ramble}我相信政府会为我们做主,"
            f"{_c(rng, DEMAND)}。此致敬礼!"
        )
    if roll < 0.52:
        number = f"20{rng.randint(10, 99)}{rng.randint(100000, 999999)}"
        return f"工单编号:{number}。来电人称{body},{_c(rng, DEMAND)}。"
    if roll < 0.60 and accused == "officer":
        return f"{place}某企业在座谈会上反映:{body}。"
    if roll < 0.70:
        return f"你好,{body}!!{_c(rng, DEMAND)}"
    return f"{body}。{_c(rng, DEMAND)}。" if rng.random() < 0.5 else body


def add_aside(rng: random.Random, text: str) -> str:
    """``text`` with one label-neutral aside (an amount, a date, an address …) at a clause boundary."""
    extra = _c(
        rng,
        [
            f"花了{rng.randint(2, 999)}元,",
            f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日,",
            f"地址在{_c(rng, PLACE)}路{rng.randint(1, 300)}号,",
            f"那天大概{rng.randint(6, 22)}点,",
            f"一共{rng.randint(2, 99)}块钱,",
            "联系电话已留,",
            f"我在这住了{rng.randint(2, 30)}年了,",
            f"买的时候花了{rng.randint(2, 99)}块,",
        ],
    )
    cuts = [i + 1 for i, ch in enumerate(text) if ch in ",。:!,"] or [0]
    positions = [0, *cuts, len(text)]
    cut = positions[rng.randrange(len(positions))]
    if cut == len(text):
        return text.rstrip("。!") + "," + extra.rstrip(",") + "。"
    return text[:cut] + extra + text[cut:]


def _noise(rng: random.Random, text: str) -> str:
    if rng.random() < 0.25:
        text = add_aside(rng, text)
    if rng.random() < 0.15:
        for right, wrong in TYPOS.items():
            if right in text and rng.random() < 0.4:
                text = text.replace(right, wrong, 1)
    if rng.random() < 0.12:
        for plain, dialect in DIALECT.items():
            if plain in text and rng.random() < 0.5:
                text = text.replace(plain, dialect)
    if rng.random() < 0.08:
        text = text.replace(",", " ").replace("。", " ")
    return text


def _traditional(texts: list[Generated], rng: random.Random, share: float) -> list[Generated]:
    import opencc

    converter = opencc.OpenCC("s2t")
    return [
        Generated(str(converter.convert(g.text)), g.label, g.domain, g.accused) if rng.random() < share else g
        for g in texts
    ]


# --- a second, freer set of templates per label ------------------------------------------------

GENERIC = {
    "shop": ["一家店", "那家公司", "隔壁那家", "街上一个店", "一个老板"],
    "wrong": ["卖假货", "坑顾客", "骗钱", "违法经营", "乱来"],
    "viol": [
        "一点小问题",
        "门口的垃圾桶没盖盖子",
        "消防通道堆了点东西",
        "一张单据没填全",
        "台账少记了一天",
        "门口摆了两箱货",
        "一个牌子挂得不规范",
    ],
    "item": ["店里的东西", "账本", "仓库", "我们的货", "各种证照", "店面", "台账"],
}
DOMAIN["通用"] = GENERIC

FIRMS_WITH_FEES = [
    "自来水公司",
    "供电公司",
    "燃气公司",
    "小区物业",
    "私立医院",
    "宠物医院",
    "学校",
    "幼儿园",
    "驾校",
    "菜市场管理方",
    "商场",
    "4s店",
    "装修公司",
    "搬家公司",
    "景区",
    "酒店",
    "停车场",
    "有线电视公司",
    "电信营业厅",
    "银行",
    "快递公司",
    "家电卖场",
    "殡仪馆",
    "月子中心",
    "游泳馆",
    "婚纱影楼",
]
MERCHANT_FEES = [
    "材料费",
    "安装费",
    "管理费",
    "服务费",
    "手续费",
    "押金",
    "开户费",
    "初装费",
    "检查费",
    "高空作业费",
    "上楼费",
    "赞助费",
    "资料费",
    "卫生费",
    "加急费",
    "会员费",
    "保证金",
]


def _p0_fee(rng: random.Random) -> str:
    firm = _c(rng, FIRMS_WITH_FEES)
    fee = _c(rng, MERCHANT_FEES)
    amount = _c(rng, AMOUNTS)
    return _c(
        rng,
        [
            f"{firm}收{fee}{amount},也说不出依据,这是乱收费吧",
            f"{firm}上门说要统一更换,每户收{amount}{fee},不交就停",
            f"{firm}的{fee}今年一下子涨了一半,也不公示",
            f"去{firm}办事,又让交{fee},事先根本没说",
            f"{firm}乱收费,一个{fee}就要{amount}",
            f"{firm}强制收取{fee},不交就不给办",
        ],
    )


def _p0_none(rng: random.Random) -> str:
    return _c(
        rng,
        [
            "有人打电话冒充市场监管局,说我的店被投诉了要交罚款,让我扫码,这是诈骗吧",
            "有个自称执法人员的人加我微信要我交保证金,请问是真的吗",
            f"请问{_c(rng, ['开个小饭馆', '开网店', '摆地摊', '做微商', '开个理发店'])}需要办什么证",
            "邻居家装修把我家墙弄裂了,他不肯赔,我该找哪个部门",
            "咨询一下,这个事归哪个部门管",
            "楼上天天往下扔垃圾,说了也不听",
            f"{_c(rng, PUBLIC_NONENF_BODIES)}的人办事拖拉,说好的事一直不落实",
        ],
    )


def _officer_free(rng: random.Random, label: str, d: str) -> str:
    o = _officer(rng)
    item = _d(rng, d, "item")
    viol = _d(rng, d, "viol")
    amount = _c(rng, AMOUNTS)
    shop = _d(rng, d, "shop")
    wrong = _d(rng, d, "wrong")
    table: dict[str, list[str]] = {
        "P1a": [
            f"{o}要求每家都要订他们推荐的{_c(rng, ['报纸', '杂志', '法规汇编', '宣传册'])},一年{amount}",
            f"{o}隔三差五来收{_c(rng, FEES)},一次{amount},问收据说没有",
            f"{o}让我们先交{amount}保证金再说",
        ],
        "P1b": [
            f"{o}说我们{viol}要罚{amount},我说马上整改,他说不行必须罚",
            f"去年的事今年拿出来罚,{viol},一罚就是{amount}",
            f"我们不服这个罚款,{viol}根本没有造成什么影响,罚{amount}太重了",
            f"申请听证被拒绝,{o}说罚{amount}不够听证标准",
            f"{viol}就被罚了{amount},小本生意哪承受得起,求从轻",
        ],
        "P1c": [
            f"{o}三天两头来查{item},这个礼拜已经来了四拨人",
            f"{o}进门就翻{item},也不说是哪个单位的,证件也不给看",
            "一个月里市场监管、消防、环保轮着来查,每次都要老板陪着",
        ],
        "P1d": [
            f"{o}贴了封条让我们停业,没有给任何书面文件",
            f"{o}拿走了{item},清单上的数量和实际对不上",
            f"{item}被{_c(rng, BUREAU)}封了两个多月,检测都合格了也不解封",
        ],
        "P2a": [
            f"外省的{_c(rng, BUREAU)}给我们立了案,可我们从来没有往那边卖过货",
            "邻省的执法人员跑到厂里扣了两车货就走了,本地都不知道",
        ],
        "P2b": [
            "听说所里今年罚款任务很重,最近一点小问题就开罚单,都说是在凑数",
            f"{o}说罚款完不成要扣他们奖金,所以{viol}也得罚",
        ],
        "P3": [
            f"{o}说{item}不合格,可是以前来检查的人都说这样可以",
            f"同样的问题,大超市只是警告,我们小店却被罚了{amount},标准怎么定的",
            f"这个区说可以,那个区说必须改,{item}的要求两边不一样",
            f"当初就是窗口的人帮我们填的,现在{o}又说不对要罚",
        ],
        "P4a": [
            f"{o}说你要是再敢投诉,以后你的店就别想开了",
            f"{o}要求我们必须用他们指定的厂家,一套比外面贵一倍",
            f"{o}没有任何文件就让我们三天内搬走",
        ],
        "P4b": [
            f"{shop}的老板是{o}的小舅子,{wrong}好几次,每次举报都不了了之",
            f"我举报{shop}{wrong},去之前对方就把东西藏起来了,肯定有人报信",
            f"{o}跟{shop}老板称兄道弟,查的时候走个过场",
        ],
        "P4c": [
            f"{o}发现{shop}{wrong},只是让他们下架了,没有处罚",
            f"{shop}{wrong}的事早就查实了,到现在也没有作出处罚决定,照常营业",
            f"对{shop}的问题只下了个整改通知,过了期限也没有复查",
        ],
        "P4d": [
            f"{o}走的时候都要顺手拿点东西,上次拿了一箱水果,这次拿了两条烟",
            "来抽检的人拿走了三箱,抽样单上写的却是一箱",
            f"{o}晚上打电话说可以帮我把罚款降下来,但是要给他辛苦费",
            f"过年过节{o}都要收红包,不给的话过了年就来查",
        ],
        "P4e": [
            f"{o}一脚把门口的货架踢翻了,还骂我们是刁民",
            f"{o}说话很难听,当着顾客的面骂人",
            f"{o}把我们的员工叫到一起训话,说不配合就封厂",
        ],
        "P4f": [
            f"我举报{shop}{wrong},{_c(rng, AUTHORITY)}说不受理,让我自己去法院起诉",
            f"{shop}{wrong},{_c(rng, AUTHORITY)}天天看见了也不管,就当没看见",
            f"{_c(rng, BUREAU)}说归{_c(rng, AUTHORITY)}管,"
            f"{_c(rng, AUTHORITY)}说归{_c(rng, BUREAU)}管,两边推来推去",
            f"我打12345反映{shop}{wrong},转到街道,街道又转给所里,一个多月了没人来",
            f"你们回复说已经查处了,可我今天去看{shop}还在{wrong}",
            "申请移出经营异常名录,材料都交了,到现在半年了还没移出",
            "去窗口办手续,材料都齐了,工作人员让下周再来,下周又说要补材料,拖了一个多月",
            f"{wrong}的{shop},政府早就知道了,就是不管",
            f"打了{_c(rng, ['三次', '好几次', '五六次', '十几次'])}12315都没人管,"
            f"{shop}{wrong}的事一个多月了没下文",
            f"12315接了说转给辖区所,然后就没有然后了,{shop}{wrong}到现在没人处理",
            f"向12315投诉{shop}{wrong},超过时限也没有告知受理不受理",
        ],
    }
    return _c(rng, table[label])


def _mentions(text: str, domain: str) -> bool:
    return any(value in text for values in DOMAIN[domain].values() for value in values)


_ENFORCERS = sorted(set(OFFICER) | set(BUREAU), key=len, reverse=True)
AUTHORITY_PEOPLE = [
    "城管的人",
    "城管队员",
    "消防的人",
    "环保局的人",
    "卫生监督所的人",
    "税务的人",
    "交警",
    "街道办的人",
    "住建局的人",
    "应急局的人",
    "文化执法大队的人",
]


def _as_authority(rng: random.Random, body: str) -> str:
    """The same complaint, made against another authority (城管, 消防, 环保 …)."""
    for term in _ENFORCERS:
        if term in body:
            body = body.replace(term, _c(rng, AUTHORITY_PEOPLE))
    return body


def _one(rng: random.Random) -> Generated:
    domain = "通用" if rng.random() < 0.2 else _c(rng, [d for d in DOMAIN if d != "通用"])
    roll = rng.random()
    if roll < 0.26:
        body, label, accused, dom = _p0_merchant(rng, domain), "P0", "merchant", domain
    elif roll < 0.31:
        body, label, accused, dom = _p0_fee(rng), "P0", "merchant", "价格"
    elif roll < 0.36:
        body, label, accused, dom = _p0_other_merchant(rng), "P0", "merchant", None
    elif roll < 0.42:
        body, label, accused, dom = _p0_public(rng), "P0", "none", None
    elif roll < 0.44:
        body, label, accused, dom = _p0_none(rng), "P0", "none", None
    elif roll < 0.45:
        question = _p0_question(rng, domain)
        body, label, dom = question, "P0", domain
        accused = "officer" if any(w in question for w in ("感谢", "点赞", "检查")) else "none"
    else:
        label = _c(rng, list(BODIES))
        body = BODIES[label](rng, domain) if rng.random() < 0.6 else _officer_free(rng, label, domain)
        dom = domain if domain in DOMAINS else None
        accused = "officer"
        if (
            label == "P4f"
            and not body.startswith(("申请人称", "原告诉称"))
            and not any(b in body for b in [*BUREAU, *OFFICER, "所里", "工作人员", "你们", "12315"])
        ):
            accused = "authority"
        elif label in ("P1a", "P1b", "P1c", "P1d", "P4a", "P4d", "P4e") and rng.random() < 0.2:
            body, accused = _as_authority(rng, body), "authority"
        if not _mentions(body, domain):
            dom = None
    if dom is not None and dom not in DOMAINS:
        dom = None
    if rng.random() < 0.12:  # a second, unrelated consumer or public matter; the key problem wins
        other = _p0_merchant(rng, _c(rng, list(DOMAINS))) if rng.random() < 0.5 else _p0_public(rng)
        body = f"{body}。另外还有一个事,{other}" if label != "P0" else body
    return Generated(_noise(rng, _register(rng, body, accused)), label, dom, accused)


def generate(n: int, seed: int = 20251201, traditional_share: float = 0.08) -> list[Generated]:
    """``n`` labelled texts, deterministic for a seed, without duplicates."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[Generated] = []
    attempts = 0
    while len(out) < n and attempts < n * 20:
        attempts += 1
        item = _one(rng)
        if item.text not in seen:
            seen.add(item.text)
            out.append(item)
    return _traditional(out, rng, traditional_share)
