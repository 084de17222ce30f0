"""Measure: rooms from the area layers of a realistic multi-floor Chinese drawing.

    python benchmarks/bench_area_rooms.py [--floors 6] [--bays 10] [--dir /tmp]

Generates (``geometry.dxf.synthetic_area``) a drawing of several floors in millimetres far from the
origin: rooms on 使用面积线 (switched off) and TArch's PUB_ROOM, labels in four drafting habits (MTEXT
with formatting codes ``名称:…\\P使用面积:…㎡``, name and ``…m²`` as two TEXTs, ``S=…``, ``面积 …m2``),
stated areas to 0.01 m² as TArch writes them, a hall split by a row of columns on the first floor
and a hall on the second, a light well in a hall (a hole), an L-shaped and a curved room per floor,
building-area outlines, walls, axes, dimension texts, a personnel list, and in every room a door
block, desks with chairs and (every third room) a floor-tile hatch.  Reports the share of labelled
rooms whose drawn area is within 0.5 % of the stated one, the share found with the right name on the
right floor, whether the hall was found by its name, and the import time against ``ezdxf.readfile``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--floors", type=int, default=6)
    ap.add_argument("--bays", type=int, default=10)
    ap.add_argument("--dir", default="/tmp")
    args = ap.parse_args()
    import ezdxf

    from geometry.dxf import import_dxf
    from geometry.dxf.synthetic_area import HALL_NAME, area_drawing
    from geometry.measure import hall_area

    path = Path(args.dir) / "hallplan-area-floors.dxf"
    truth = area_drawing(path, floors=args.floors, bays=args.bays, split_hall=True, hall_floors=2, curved=True, furnished=True)
    res = import_dxf(path)
    rooms = list(res.plan.rooms)
    labelled = [r for r in rooms if r.label and r.stated_area_m2]
    within = [r for r in labelled if abs(r.geometry.area - r.stated_area_m2) / r.stated_area_m2 <= 0.005]
    pool = list(rooms)
    matched = 0
    for t in truth.rooms:
        cands = [r for r in pool if r.floor == t.floor and r.label == t.name and abs(r.geometry.area - t.area_m2) <= 0.005 * t.area_m2]
        if cands:
            pool.remove(cands[0])
            matched += 1
    hall_ok = res.report.hall is not None and HALL_NAME in res.report.hall[0]
    t_imp = best(lambda: import_dxf(path))
    t_read = best(lambda: ezdxf.readfile(path))
    print(f"drawing: {path.stat().st_size / 1e6:.2f} MB, {len(truth.floors)} floors, {len(truth.rooms)} labelled rooms")
    print(f"rooms found: {len(rooms)} (extra: {len(pool)})")
    print(f"labelled rooms within 0.5 % of their stated area: {len(within)}/{len(labelled)} = {100 * len(within) / max(len(labelled), 1):.1f} %")
    print(f"rooms with the right name on the right floor and area within 0.5 %: {matched}/{len(truth.rooms)} = {100 * matched / len(truth.rooms):.1f} %")
    print(f"hall found by its name: {hall_ok}; hall area {hall_area(res.plan):.2f} m² (truth {truth.hall_m2:.2f} m²), "
          f"parts {sum(1 for r in rooms if r.hall_part)}")
    print(f"building area {res.plan.context.building_area_m2} m² (truth {truth.building_m2:.2f} m²)")
    print(f"import {t_imp * 1000:.0f} ms, ezdxf.readfile {t_read * 1000:.0f} ms, ratio {t_imp / t_read:.2f} (best of 3)")


if __name__ == "__main__":
    main()
