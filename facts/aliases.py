"""Curated company names: well-known companies, their tickers, brands and Chinese names.

Companies the articles introduce themselves are discovered at build time (see
``facts.companies``); this table only covers names that text patterns cannot tie together,
such as a ticker, a Chinese name, or a product that is reported under its owner.
"""

from __future__ import annotations

from facts.vocabulary import vocabulary

# canonical name -> other names it goes by
CURATED: dict[str, tuple[str, ...]] = {
    "Alibaba": ("Alibaba Group", "Alibaba Group Holding", "BABA", "阿里巴巴", "阿里"),
    "AliExpress": ("Ali Express", "速卖通"),
    "Taobao": ("淘宝",),
    "Tmall": ("天猫",),
    "Cainiao": ("菜鸟",),
    "Alipay": ("Ant Financial", "Ant Group", "Alipay Ant Financial", "支付宝", "蚂蚁集团"),
    "Tencent": ("Tencent Holdings", "TCEHY", "0700.HK", "腾讯"),
    "WeChat": ("Weixin", "微信"),
    "Meituan": ("Meituan Dianping", "Meituan-Dianping", "3690.HK", "美团", "美团点评"),
    "Pinduoduo": ("PDD", "PDD Holdings", "Pin Duo Duo", "拼多多"),
    "JD.com": ("JD", "Jingdong", "JD Group", "JD.com Inc", "京东"),
    "ByteDance": ("Byte Dance", "Douyin", "TikTok", "Tik Tok", "字节跳动", "抖音"),
    "Kuaishou": ("Kwai", "快手"),
    "Baidu": ("BIDU", "百度"),
    "Xiaomi": ("小米",),
    "Huawei": ("华为",),
    "NetEase": ("网易",),
    "Weibo": ("Sina Weibo", "微博"),
    "Bilibili": ("B站", "哔哩哔哩"),
    "Xiaohongshu": ("Little Red Book", "RED", "小红书"),
    "Didi": ("Didi Chuxing", "滴滴"),
    "Ctrip": ("Trip.com", "携程"),
    "Fliggy": ("飞猪",),
    "Koubei": ("口碑",),
    "Youku": ("优酷",),
    "iQiyi": ("爱奇艺",),
    "Vipshop": ("唯品会",),
    "Suning": ("苏宁",),
    "Lenovo": ("联想",),
    "BYD": ("比亚迪",),
    "Nio": ("蔚来",),
    "Shein": ("希音",),
    "Geek+": ("Geek +", "Geek Plus", "Geekplus", "极智嘉"),
    "China Post": ("China Post Group", "中国邮政"),
    "SF Express": ("SF", "顺丰"),
    "Mail.ru": ("Mail.ru Group", "Mail.Ru", "VK"),
    "MegaFon": ("Megafon",),
    "Amazon": ("Amazon.com", "AMZN"),
    "Apple": ("AAPL",),
    "Google": ("Alphabet", "GOOGL"),
    "Facebook": ("Meta", "Meta Platforms"),
    "Microsoft": ("MSFT",),
    "PayPal": ("PYPL",),
    "Netflix": ("NFLX",),
    "Tesla": ("TSLA",),
    "Walmart": (),
    "Flipkart": (),
    "Uniqlo": ("Fast Retailing",),
    "Comcast": (),
    "Universal Parks & Resorts": ("Universal Studios", "Universal Beijing Resort"),
    "Samsung": (),
    "Sea": ("Shopee", "Sea Limited"),
    "Lazada": (),
    "Grab": (),
    "Gojek": (),
    "Uber": (),
    "Airbnb": (),
    "eBay": (),
    "Shopify": (),
    "Momo": ("陌陌",),
    "YY": ("JOYY",),
    "Sensor Tower": (),
    # Listed holding companies reported under their best-known brand.
    "Nykaa": ("FSN E-Commerce Ventures",),
}

# Places and calendar words: they narrow a question down but name no metric.
PLACES = frozenset(
    """
    china chinese beijing shanghai shenzhen hangzhou guangzhou hong kong nanjing wuhan chengdu
    us usa u.s united states america american europe european asia asian india indian japan
    japanese korea korean russia russian uk britain british england germany german france french
    italy spain brazil brazilian canada australia singapore indonesia vietnam thailand malaysia
    philippines turkey africa latin south north east west southeast cis middle kingdom silicon
    valley new york london tokyo paris moscow delhi mumbai madrid worldwide global
    """.split()
)
CALENDAR = vocabulary().calendar

# Capitalised words that are never companies by themselves.
NOT_COMPANIES = (
    PLACES
    | CALENDAR
    | frozenset(
        """
    the a an this that these those it its in on at to for by of and or but with from as
    nasdaq nyse
    ceo cfo cto coo president chairman founder mr mrs ms dr prof ipo ai api gdp fdi ar vr
    internet e-commerce ecommerce covid today however meanwhile according although while
    group holdings company firm app platform state government ministry
    therefore thus hence moreover furthermore additionally also still instead overall finally
    separately similarly nevertheless nonetheless indeed besides accordingly consequently
    currently recently previously yesterday tomorrow last next first second third earlier later
    analysts investors customers users sales revenue shares
    """.split()
    )
)

# Lower-case words a company name may also be; such names match only when capitalised.
COMMON_WORD_NAMES = frozenset(
    "apple amazon universal post ali sea grab meta red square shell target gap visa oracle"
    " line snap zoom jd sf".split()
)
