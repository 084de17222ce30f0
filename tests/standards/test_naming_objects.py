"""Objects are named by what a person sees, never by their internal id."""

from __future__ import annotations

from shapely.geometry import LineString, Point, box

from geometry.model import Counter, Entrance, Facility, Plan, Zone
from geometry.synthetic import sample_plan
from standards.missing_names import missing_names
from standards.naming_objects import has_cjk, names, object_name


def test_every_sample_object_has_a_name_without_its_id_in_both_languages() -> None:
    for level in ("city", "county", "park", "township", "village"):
        p = sample_plan(level, False)
        for o in p.objects:
            zh, en = object_name(o, p, "zh"), object_name(o, p, "en")
            if o.KIND in ("hall", "building"):  # one per plan, its id is its kind's code: named as the kind
                assert (zh, en) == {"hall": ("服务大厅", "the service hall"), "building": ("建筑轮廓", "the building outline")}[o.KIND]
                continue
            assert zh and en and o.id not in zh and o.id not in en, (o.id, zh, en)
            assert not has_cjk(en), en


def test_numbers_count_objects_of_one_sort_and_labels_win_in_their_language() -> None:
    p = Plan(hall=box(0, 0, 30, 20), objects=(
        Counter(id="k-9", geometry=box(1, 1, 2.6, 1.8)),
        Counter(id="k-2", geometry=box(3, 1, 4.6, 1.8), label="A03"),
        Zone(id="w1", kind="waiting", geometry=box(5, 5, 8, 8)),
        Zone(id="w2", kind="waiting", geometry=box(9, 5, 12, 8)),
        Entrance(id="e-main", geometry=LineString([(5, 0), (7, 0)]), main=True),
        Entrance(id="e-side", geometry=LineString([(0, 5), (0, 7)]), label="侧门"),
        Facility(id="f-cam", kind="cctv", geometry=Point(6, 1))))
    assert object_name("k-9", p) == "服务台 1 号窗口" and object_name("k-9", p, "en") == "counter window 1"
    assert object_name("k-2", p) == "服务台 A03" and object_name("k-2", p, "en") == "counter A03"
    assert object_name("w2", p) == "等候区 2" and object_name("w2", p, "en") == "waiting area 2"
    assert object_name("e-main", p, "en") == "the main entrance" and object_name("e-side", p) == "侧门"
    assert object_name("e-side", p, "en") == "the side entrance"  # a Chinese label stays out of English
    assert object_name("f-cam", p, "en") == "the CCTV camera"  # the acronym keeps its case
    assert object_name("gone", p) == "对象" and names(["w1", "w2"], p) == "等候区 1、等候区 2"


def test_missing_data_is_named_for_people() -> None:
    assert missing_names(["height_m", "checklist:co_location"]) == "台面高度、与乡镇政府/村委会同址办公"
    assert "_" not in missing_names(["sign_en", "building_area", "no_such_key"], "en")
