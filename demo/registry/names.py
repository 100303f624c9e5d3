"""Pools the demo draws people from: surnames, given names, cities, phone prefixes, school grades.

Also the weighted picker that most of the demo's proportions use.
"""

import random
from bisect import bisect


class Weighted:
    """A fixed weighted choice; bisect on cumulative weights is faster than rng.choices."""

    def __init__(self, pairs: "list[tuple[object, float]] | dict[object, float]"):
        items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
        self.items = [item for item, _ in items]
        self.cum: list[float] = []
        total = 0.0
        for _, weight in items:
            total += weight
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random):
        return self.items[min(bisect(self.cum, rng.random() * self.total), len(self.items) - 1)]


def words(text: str) -> list[str]:
    return text.split()


def _weighted_chars(spec: str) -> Weighted:
    """'王71 李72' → characters weighted by the number after them."""
    return Weighted([(token[0], float(token[1:])) for token in spec.split()])


# Surname frequencies (per mille, roughly the national ranking with Sichuan's 何 罗 唐 邓 蒲 苟
# 敬 raised).
SURNAMES = _weighted_chars(
    "王71 李72 张68 刘54 陈48 杨33 黄22 赵20 吴20 周19 徐15 孙14 马13 朱13 胡13 郭11 何15 高11 林9 罗13 "
    "郑8 梁8 谢9 宋7 唐10 许7 韩6 冯7 邓9 曹6 彭7 曾6 肖7 田6 董5 袁6 潘4 于4 蒋6 蔡4 余6 杜5 叶4 程4 "
    "苏4 魏4 吕4 丁3 任5 沈3 姚3 卢3 姜3 崔2 钟3 谭5 陆2 汪2 范3 金2 石3 廖4 贾2 夏2 付4 方2 白2 邹3 "
    "孟1 熊3 秦2 邱2 江2 尹2 段2 雷3 侯2 龙2 蒲4 苟3 敬2 赖2 向2 岳2 严1 文2 母1"
)
# Children born 2008–2025: whole two-character names, compositions and single characters.
BOY_NAMES = words(
    "子轩 浩宇 宇轩 梓豪 俊熙 浩然 子墨 宇航 皓轩 博文 俊杰 梓睿 子豪 思远 天佑 明轩 家豪 嘉豪 一鸣 宇豪 "
    "俊宇 梓轩 浩轩 铭泽 睿泽 锦程 文博 志豪 鑫宇 鑫磊 俊豪 欣阳 宇杰 梓航 雨泽 佳乐 思源 子杰 嘉乐 浩楠 "
    "晨阳 家乐 俊逸 弘毅 奕辰 沐辰 宇辰 一航 承泽 煜城 建宇 志鹏 金鑫 俊驰 翔宇 浩轩 瑞霖 明杰"
)
BOY_FIRST = "子浩宇俊梓皓嘉博明思家志文天泽睿晨一鑫建云鹏"
BOY_SECOND = "轩宇豪然杰航文涛阳鹏辉博林凯龙洋诚瑞铭川宏峰"
BOY_SINGLE = "杰浩宇轩鑫磊涛阳鹏博睿航毅凯帅"
GIRL_NAMES = words(
    "梓涵 欣怡 诗涵 雨涵 可馨 子涵 梓萱 思琪 佳怡 雨桐 紫涵 欣妍 语桐 若汐 诗琪 雨欣 佳琪 思雨 梦瑶 馨怡 "
    "雅婷 婉婷 心怡 雨萱 一诺 艺涵 芷涵 梓琪 欣悦 诗雨 佳欣 静怡 雨婷 紫萱 梦琪 思涵 晓雪 梓晴 语嫣 可欣 "
    "诗琪 雅琪 欣然 佳慧 梦洁 思彤 钰涵 悦彤 婧琪 紫怡"
)
GIRL_FIRST = "梓欣诗雨可子思佳紫语若梦馨雅婉心艺芷静晓"
GIRL_SECOND = "涵怡琪萱桐妍汐欣瑶婷悦雯琳彤月玥雪蕾璐颖"
GIRL_SINGLE = "婷静雪琳悦欣萱瑶琪娜丹妍怡璐"
# Parents born ~1975–2002 and grandparents born ~1945–1972.
FATHER_NAMES = words(
    "伟 强 军 勇 杰 涛 斌 磊 刚 平 波 超 俊 华 林 海 兵 明 成 浩 鹏 亮 建华 建军 国强 志强 小龙 小军 春林 "
    "海波 建平 志勇 文军 德华 小平 宏伟 红军 永刚 天明 国庆 开明 云峰 兴华"
)
MOTHER_NAMES = words(
    "芳 丽 敏 静 燕 霞 娟 艳 红 梅 琴 丹 萍 莉 玲 英 秀英 桂英 玉兰 春梅 小燕 晓燕 小红 丽萍 秀芳 小琴 春燕 "
    "海燕 小芳 雪梅 红梅 玉梅 丽华 小梅 建英 素琼 琼 蓉 小蓉"
)
GRANDFATHER_NAMES = words(
    "德明 国华 建国 德清 明富 国富 德福 正华 世友 光明 成贵 永福 志成 家贵 发明 学文 仕林 泽民 开华 朝贵 "
    "天福 玉林 廷贵 登科 文富"
)
GRANDMOTHER_NAMES = words(
    "玉珍 秀兰 素珍 淑芬 桂芳 玉英 翠兰 银花 金凤 秀珍 德秀 素芳 桂兰 玉华 秀华 淑华 春花 菊英 兰英 明秀 "
    "光秀 素华 琼英 大妹 二妹"
)

# Where Sichuan migrants work: Guangdong, Chengdu and Chongqing first. Chengdu is in-province.
CITIES = Weighted({
    "成都": 20, "重庆": 12, "广州": 10, "深圳": 11, "东莞": 12, "上海": 6,
    "北京": 4, "厦门": 5, "宁波": 5, "苏州": 6, "杭州": 5, "西安": 4,
})  # fmt: skip
IN_PROVINCE_CITIES = {"成都"}
PHONE_PREFIXES = words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 176 177 "
    "180 181 182 183 185 186 187 188 189 191 198 199"
)
PRIMARY_GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
SECONDARY_GRADES = ["初一", "初二", "初三", "高一", "高二", "高三"]
KINDERGARTEN_GRADES = ["小班", "中班", "大班"]
