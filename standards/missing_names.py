"""What a finding lacks, named for people: the ``missing`` keys of an ``unknown`` finding in both languages.

The keys stay stable for programs (the JSON report's ``missing``); people read these names
(缺少:台面高度, "missing: the counter height"), never a raw field name.

>>> missing_names(("height_m", "checklist:traffic_signs", "hall"), "zh")
'台面高度、主要路口设置交通指示牌、服务大厅边界'
>>> missing_names(("height_m", "sprinklers"), "en")
'the counter height, whether the hall has sprinklers'
"""

from __future__ import annotations

from typing import Iterable


MISSING_NAMES: dict[str, tuple[str, str]] = {
    "hall": ("服务大厅边界", "the service hall boundary"),
    "level": ("行政级别", "the administrative level"),
    "population": ("辖区人口", "the jurisdiction population"),
    "building_area": ("建筑面积", "the building area"),
    "parking": ("停车场", "the parking area"),
    "counters": ("服务台", "the counters"),
    "height_m": ("台面高度", "the counter height"),
    "color": ("颜色", "the colour"),
    "sign_zh": ("中文标识牌", "the Chinese sign"),
    "sign_en": ("英文标识牌", "the English sign"),
    "service": ("窗口名称", "the window names"),
    "entrance": ("出入口", "an entrance"),
    "entrances": ("出入口", "the entrances"),
    "main_entrance": ("主入口", "the main entrance"),
    "arrival": ("该部分大厅的出入口、电梯或楼梯", "a door, lift or stairs on that part of the hall"),
    "exit": ("安全出口", "the exits"),
    "extinguisher": ("灭火器位置", "the extinguisher positions"),
    "sprinklers": ("是否设自动喷水灭火系统", "whether the hall has sprinklers"),
    "precision": ("超出测距精度的复核", "a check beyond the measuring precision"),
    "waiting_area": ("等候区", "a waiting area"),
    "consult_desk": ("咨询服务台", "a consultation desk"),
    "service_zones": ("服务功能区", "the service zones"),
    "special_population": ("特殊人群服务设施", "a special-population facility"),
    "accessible_counter": ("低位无障碍服务台", "an accessible counter"),
    "accessible_toilet": ("无障碍卫生间", "an accessible toilet"),
    "stalls": ("车位数或无障碍车位数", "the stall counts"),
    "ramp_rise": ("坡道提升高度", "the ramp's rise"),
    "centre_name": ("中心名称", "the centre's name"),
    "typeface": ("标识牌字体", "the sign's typeface"),
    "background": ("标识牌底色", "the sign's ground colour"),
    "material": ("标识牌材质", "the sign's material"),
    "languages": ("标识牌文字语种", "the sign's languages"),
    "fixed": ("是否固定标注", "whether the sign is fixed"),
    "prominent": ("是否位于显著位置", "whether the sign is in a prominent place"),
    "internal": ("规则正常运行", "a working rule"),
    "implementation": ("该规则的实现", "an implementation of the rule"),
    "daily_visitors": ("日均办事人次", "the daily visitors"),
    "service_minutes": ("窗口平均办理时间", "the mean service time per window"),
    "capacity_assumptions": ("规则包中的服务能力假定", "the pack's service-capacity assumptions"),
}


def missing_name(key: str, lang: str = "zh") -> str:
    """One missing key named for people; an unlisted key is named as "其他数据" / "other data"."""
    if key.startswith("checklist:"):
        from standards.packs import checklist_catalogue  # the built-in packs' names (packs import this module's users)

        item = checklist_catalogue().get(key.split(":", 1)[1])
        return item.name(lang) if item is not None else ("a checklist item" if lang == "en" else "核对项")
    zh, en = MISSING_NAMES.get(key, ("其他数据", "other data"))
    return en if lang == "en" else zh


def missing_names(keys: Iterable[str], lang: str = "zh") -> str:
    """Several missing keys in one list, each named once."""
    shown = dict.fromkeys(missing_name(k, lang) for k in keys)
    return ("、" if lang != "en" else ", ").join(shown)
