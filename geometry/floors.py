"""The building area when the user says how many floors the building has (``--floors N``).

A drawing that shows fewer floors than the building has (only the ground floor drawn) gives the
building area as its drawn floors' average times N, as a footprint times floors would; a drawing
showing all of them keeps its own total.

>>> from geometry.model import Context, Plan
>>> p = Plan(context=Context(building_area_m2=900.0), meta={"drawn_floors": 1, "building_area_drawn_m2": 900.0})
>>> with_floors(p, 3)[0].context.building_area_m2, with_floors(p, 3)[1][1]
(2700.0, 'the drawing shows 1 floor(s) of 3: building area 900.00 m² ÷ 1 × 3 = 2700.00 m²')
"""

from __future__ import annotations

import dataclasses

from geometry.model import Plan


def with_floors(plan: Plan, floors: int) -> tuple[Plan, tuple[str, str] | None]:
    """The plan with ``context.floors`` set and, when its building area came from fewer drawn
    floors, scaled to ``floors``; with a note saying so (None when nothing was scaled)."""
    ctx = dataclasses.replace(plan.context, floors=floors)
    drawn = plan.meta.get("drawn_floors")
    total = plan.meta.get("building_area_drawn_m2")
    note: tuple[str, str] | None = None
    if (isinstance(drawn, int) and isinstance(total, (int, float)) and 0 < drawn < floors
            and ctx.building_area_m2 is not None and abs(ctx.building_area_m2 - round(float(total), 2)) < 0.01):
        area = round(float(total) / drawn * floors, 2)
        ctx = dataclasses.replace(ctx, building_area_m2=area)
        note = (f"图中只有 {floors} 层中的 {drawn} 层:建筑面积 {float(total):.2f} m² ÷ {drawn} × {floors} = {area:.2f} m²",
                f"the drawing shows {drawn} floor(s) of {floors}: building area {float(total):.2f} m² ÷ {drawn} × {floors} = {area:.2f} m²")
    return dataclasses.replace(plan, context=ctx), note
