"""English names for provinces (a fixed table) and counties (pinyin plus a translated unit type)."""

from pypinyin import Style, lazy_pinyin

PROVINCE_EN: dict[str, str] = {
    "北京市": "Beijing",
    "天津市": "Tianjin",
    "河北省": "Hebei",
    "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia",
    "辽宁省": "Liaoning",
    "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang",
    "上海市": "Shanghai",
    "江苏省": "Jiangsu",
    "浙江省": "Zhejiang",
    "安徽省": "Anhui",
    "福建省": "Fujian",
    "江西省": "Jiangxi",
    "山东省": "Shandong",
    "河南省": "Henan",
    "湖北省": "Hubei",
    "湖南省": "Hunan",
    "广东省": "Guangdong",
    "广西壮族自治区": "Guangxi",
    "海南省": "Hainan",
    "重庆市": "Chongqing",
    "四川省": "Sichuan",
    "贵州省": "Guizhou",
    "云南省": "Yunnan",
    "西藏自治区": "Tibet",
    "陕西省": "Shaanxi",
    "甘肃省": "Gansu",
    "青海省": "Qinghai",
    "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang",
    "台湾省": "Taiwan",
    "香港特别行政区": "Hong Kong",
    "澳门特别行政区": "Macao",
}

# Longest first, so 自治县 wins over 县.
UNIT_TYPES_EN = {
    "自治州直辖": "Autonomous Prefecture (directly administered)",
    "自治县": "Autonomous County",
    "自治旗": "Autonomous Banner",
    "特区": "Special District",
    "矿区": "Mining District",
    "县": "County",
    "市": "City",
    "区": "District",
    "旗": "Banner",
}

# 神农架 is the only forestry district; 碑林区, 万柏林区 and others merely end in 林.
WHOLE_NAMES_EN = {"神农架林区": "Shennongjia Forestry District"}

# Groups named in autonomous units, in the English used for those units' names;
# longer names first, so 土家 (Tujia) wins over 土 (Tu).
ETHNIC_GROUPS_EN = {
    "达斡尔": "Daur", "鄂伦春": "Oroqen", "鄂温克": "Evenki", "哈萨克": "Kazakh",
    "塔吉克": "Tajik", "蒙古": "Mongol", "朝鲜": "Korean", "土家": "Tujia", "仫佬": "Mulao",
    "毛南": "Maonan", "仡佬": "Gelao", "布依": "Buyei", "哈尼": "Hani", "纳西": "Naxi",
    "拉祜": "Lahu", "布朗": "Blang", "独龙": "Derung", "普米": "Pumi", "傈僳": "Lisu",
    "裕固": "Yugur", "东乡": "Dongxiang", "保安": "Bonan", "撒拉": "Salar", "锡伯": "Xibe",
    "满": "Manchu", "回": "Hui", "畲": "She", "苗": "Miao", "瑶": "Yao", "侗": "Dong",
    "壮": "Zhuang", "黎": "Li", "羌": "Qiang", "彝": "Yi", "藏": "Tibetan", "水": "Shui",
    "傣": "Dai", "佤": "Va", "怒": "Nu", "白": "Bai", "土": "Tu", "各": "Various Nationalities",
}

# Place-name readings that pypinyin gets wrong: 都 is dū and 长 cháng in names, 勒 lè, 什 shí ...
CHARACTER_READINGS = {
    "都": "du", "长": "chang", "勒": "le", "什": "shi", "峙": "shi", "珲": "hun",
    "伽": "jia", "佛": "fo", "曾": "zeng",
}
# ... except in these names, and a few more pypinyin misreads as a whole.
PLACE_READINGS = {
    "长子": "zhang zi", "乐亭": "lao ting", "乐清": "yue qing", "南乐": "nan le", "民乐": "min le",
    "六合": "lu he", "六安": "lu an", "洪洞": "hong tong", "单": "shan", "荥经": "ying jing",
    "浚": "xun", "中牟": "zhong mou", "朝阳": "chao yang", "万柏林": "wan bai lin", "浪卡子": "lang ka zi",
    "马尾": "ma wei", "蚌山": "beng shan", "蔚": "yu",
}


def county_name_en(name_zh: str) -> str:
    """'荔波县' -> 'Libo County': the place in pinyin, then ethnic groups and unit type in English."""
    if name_zh in PROVINCE_EN:
        return PROVINCE_EN[name_zh]
    if name_zh in WHOLE_NAMES_EN:
        return WHOLE_NAMES_EN[name_zh]
    place, unit_type = split_unit_type(name_zh)
    place, ethnic_groups = split_ethnic_groups(place, autonomous=unit_type.startswith("自治"))
    words = [
        pinyin_word(place) if place else "",
        join_groups(ethnic_groups),
        UNIT_TYPES_EN.get(unit_type, ""),
    ]
    return " ".join(word for word in words if word)


def split_unit_type(name_zh: str) -> tuple[str, str]:
    """('荔波', '县') for '荔波县'; a suffix counts only if some name is left before it."""
    for suffix in UNIT_TYPES_EN:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            return name_zh[: -len(suffix)], suffix
    return name_zh, ""


def split_ethnic_groups(place: str, autonomous: bool) -> tuple[str, list[str]]:
    """('三都', ['Shui']) for '三都水族'; in an autonomous unit the last group may lack 族 (巴里坤哈萨克)."""
    groups: list[str] = []
    while True:
        group = next(
            (zh for zh in ETHNIC_GROUPS_EN
             if place.endswith(zh + "族") or (autonomous and not groups and place.endswith(zh))),
            None,
        )
        if group is None:
            return place, groups[::-1]
        place = place.removesuffix("族").removesuffix(group)
        groups.append(ETHNIC_GROUPS_EN[group])


def join_groups(groups: list[str]) -> str:
    """'Miao', 'Miao and Dong', 'Lahu, Va, Blang and Dai'."""
    if len(groups) < 2:
        return "".join(groups)
    return ", ".join(groups[:-1]) + " and " + groups[-1]


def pinyin_word(place: str) -> str:
    """Toneless pinyin as one capitalised word, with an apostrophe before a/o/e (Xi'an)."""
    syllables = place_syllables(place)
    word = syllables[0] + "".join(
        "'" + syllable if syllable[0] in "aoe" else syllable for syllable in syllables[1:]
    )
    return word.capitalize()


def place_syllables(place: str) -> list[str]:
    """Pinyin syllables for a place name, with place-name readings where pypinyin's differ."""
    if place in PLACE_READINGS:
        return PLACE_READINGS[place].split()
    syllables = lazy_pinyin(place, style=Style.NORMAL, v_to_u=True)
    if len(syllables) != len(place):
        return syllables
    return [CHARACTER_READINGS.get(char, syllable) for char, syllable in zip(place, syllables)]
