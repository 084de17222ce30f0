"""``--hall-room NAME`` (check, audit, import): the service hall chosen by a room's name.

First the rooms of that name on the drawing's area layers (several: their union, each part listed);
else the room the wall, column, door and window layers close around the text that reads NAME (the
name may stand in a title block or the notes too: the first place that closes wins).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geometry.hall_rooms import with_hall_from_rooms
from geometry.i18n import HallPlanError
from geometry.model import Plan

if TYPE_CHECKING:
    from planner.loading import LoadedPlan


def hall_by_name(loaded: "LoadedPlan", name: str, layers: str | None = None,
                 doors_open: bool = False) -> tuple[Plan, tuple[str, str]]:
    """The loaded plan with the hall named ``name``, and how it was found (zh, en; with the openings
    wider than a door that may join the room to the next).  Raises :class:`HallPlanError` (one line,
    naming the gaps where walls stay open) when no room has it."""
    got = with_hall_from_rooms(loaded.plan, name)
    if got is not None:
        return got
    from geometry.dxf import load_layer_map
    from geometry.room_pick import find_labels, room_at

    hidden = set(loaded.imported.hidden_layers if loaded.imported is not None else
                 loaded.drawing.hidden if loaded.drawing is not None else ())
    places = find_labels(loaded.underlay_texts, name, hidden)
    if not places or loaded.underlay is None:
        raise HallPlanError(f"图中没有名为“{name}”的房间,也没有文字“{name}”", f"no room named '{name}' and no text '{name}' in the drawing")
    lm = load_layer_map(layers)
    first: HallPlanError | None = None
    for at in places:
        try:
            pick_ = room_at(list(loaded.underlay), at, hidden=hidden, gap=lm.gap_tolerance_mm / 1000.0, role_of=lm.layer_role,
                            doors_open=doors_open, metres_per_unit=loaded.plan.meta.get("metres_per_unit"))
            break
        except HallPlanError as exc:  # walls open there (the gaps are named), or no walls at all
            first = first or exc
    else:
        assert first is not None
        if len(places) > 1:
            raise HallPlanError(f"“{name}”出现 {len(places)} 处,没有一处被墙线围合。第一处:{first.zh}",
                                f"'{name}' stands in {len(places)} places; walls close around none. The first: {first.en}")
        raise first
    how = (f"“{name}”所在房间,{pick_.area:.1f} m²(由图层 {', '.join(pick_.layers)} 围合)",
           f"the room named '{name}', {pick_.area:.1f} m² (closed by layers {', '.join(pick_.layers)})")
    for x, y, w in pick_.passages:  # an opening wider than a door inside the room: it may run on next door
        how = (how[0] + f"\n注意:({x:.2f}, {y:.2f}) 处有 {w:.2f} m 宽的开口,大厅可能与相邻房间连通",
               how[1] + f"\nnote: a {w:.2f} m wide opening at ({x:.2f}, {y:.2f}) may join the hall to the next room")
    return loaded.plan.with_outline("hall", pick_.room), how
