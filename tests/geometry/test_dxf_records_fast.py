"""HallPlan's DXF reader shortcuts equal what they replace: the chunked tag pairing equals reading
tag by tag, the tag compiler equals ezdxf's ``tag_compiler``, and a HATCH made from its values
equals the one ezdxf's loader makes (layer, elevation, extrusion, every boundary path and edge)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable, Iterator, TextIO

import pytest
from ezdxf.entities import factory
from ezdxf.lldxf.const import DXFStructureError
from ezdxf.lldxf.extendedtags import ExtendedTags
from ezdxf.lldxf.tagger import tag_compiler
from ezdxf.lldxf.types import POINT_CODES, DXFTag
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.dxf import scan as scan_mod
from geometry.dxf.lite import LiteDoc
from geometry.dxf.records import Builder, ScanError, Tags, _compiled
from tests.geometry.dxf_features import hatches

Records = list[tuple[str, Tags]]


def _reference_records(fh: TextIO) -> Iterator[tuple[str, Tags]]:
    """Tag by tag, as the reader paired them before it read a chunk at a time."""
    kind: str | None = None
    tags: Tags = []
    want = 0
    codes: dict[str, int] = {}
    lines = fh.readlines()
    if len(lines) & 1:
        lines.pop()
    it = iter(lines)
    for c, v in zip(it, it):
        code = codes.get(c)
        if code is None:
            try:
                code = codes[c] = int(c)
            except ValueError:
                raise ScanError(f"invalid group code {c.strip()[:20]!r}") from None
        if code == 999:
            continue
        if want:
            if code != want:
                raise ScanError("missing y coordinate")
            want = 0
        if code == 0:
            if kind is not None:
                yield kind, tags
            kind = v.strip()
            tags = []
            if kind == "EOF":
                yield kind, tags
                return
            continue
        if code in POINT_CODES:
            want = code + 10
        tags.append((code, v[:-1] if v[-1:] == "\n" else v))
    if kind is not None:
        yield kind, tags


def _run(records: Callable[[TextIO], Iterator[tuple[str, Tags]]], text: str) -> tuple[Records, str]:
    out: Records = []
    try:
        for r in records(io.StringIO(text, newline=None)):
            out.append(r)
    except ScanError as exc:
        return out, str(exc)
    return out, ""


_CODE = st.sampled_from(["0", "  0", "8", " 10", "20", "30", "11", "21", "999", "62", "1001", "x", "", " 5 ", "210", "220"])
_VALUE = st.sampled_from(["LINE", "SECTION", "EOF", "0.5", " TEXT ", "", "墙体", "a\rb", "1e3", "ENDSEC"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_CODE, _VALUE), max_size=60), st.integers(1, 40), st.sampled_from(["\n", "\r\n"]),
       st.booleans(), st.booleans())
def test_chunked_pairing_equals_tag_by_tag(pairs: list[tuple[str, str]], chunk: int, eol: str, last_eol: bool,
                                           odd: bool) -> None:
    """Any tag stream (comments, padded codes, points with and without their y, bad codes, a
    value cut by a chunk's end, a group code without a value at the end) reads the same."""
    lines = [x for p in pairs for x in p] + (["  0"] if odd else [])
    text = eol.join(lines) + (eol if last_eol and lines else "")
    _same_in_chunks(text, chunk)


def _same_in_chunks(text: str, chunk: int) -> None:
    """Our chunked pairing of ``text`` with chunks of ``chunk`` characters equals the tag-by-tag reference."""
    old = scan_mod.CHUNK_CHARS
    scan_mod.CHUNK_CHARS = chunk
    try:
        assert _run(scan_mod._records, text) == _run(_reference_records, text)
    finally:
        scan_mod.CHUNK_CHARS = old


def test_chunked_pairing_equals_tag_by_tag_on_a_real_drawing(tmp_path: Path) -> None:
    text = hatches(tmp_path / "h.dxf").read_text(encoding="utf-8")
    for chunk in (7, 1000, 1 << 18):
        _same_in_chunks(text, chunk)


def _ezdxf_compiled(tags: Tags) -> Any:
    try:
        return repr([(t.code, t.value) for t in list(tag_compiler(iter([DXFTag(c, v) for c, v in tags] + [DXFTag(0, "")])))[:-1]])
    except DXFStructureError:
        return "error"


def _ours(tags: Tags) -> Any:
    try:
        return repr([(t.code, t.value) for t in _compiled(tags)])
    except DXFStructureError:
        return "error"


_TAG = st.one_of(
    st.tuples(st.sampled_from([10, 20, 30, 11, 21, 31, 210, 220, 230, 1010, 1020]), st.sampled_from(["1.5", "-2", " 3e2 ", "x"])),
    st.tuples(st.sampled_from([70, 71, 90, 62, 290]), st.sampled_from(["1", "  7", "2.0", "1.5", "no"])),
    st.tuples(st.sampled_from([1, 2, 8, 1000, 5]), st.sampled_from(["WALL", " 墙 ", ""])),
    st.tuples(st.sampled_from([40, 41, 50]), st.sampled_from(["0.25", "1e-3", "nan", "bad"])),
    st.tuples(st.just(310), st.sampled_from(["0A0B", "zz"])),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_TAG, max_size=14))
def test_tag_compiler_equals_ezdxfs(tags: Tags) -> None:
    assert _ours(tags) == _ezdxf_compiled(tags)


def _path_state(p: Any) -> Any:
    if hasattr(p, "edges"):
        return ("edges", p.path_type_flags, tuple(p.source_boundary_objects),
                tuple((type(e).__name__, tuple(sorted((k, repr(v)) for k, v in vars(e).items()))) for e in p.edges))
    return ("polyline", p.path_type_flags, p.is_closed, tuple(p.vertices), tuple(p.source_boundary_objects))


def _hatch_state(e: Any) -> Any:
    return (e.dxftype(), e.dxf.layer, e.dxf.handle, e.dxf.elevation, e.dxf.extrusion, tuple(_path_state(p) for p in e.paths))


def test_hatch_made_from_values_equals_ezdxfs(tmp_path: Path) -> None:
    records, _ = _run(scan_mod._records, hatches(tmp_path / "h.dxf").read_text(encoding="utf-8"))
    found = 0
    for kind, tags in records:
        if kind != "HATCH" or (1001, "HALLPLAN") in tags:  # HallPlan's own XDATA: ezdxf's loader
            continue
        b = Builder(LiteDoc())
        b.ezdxf = None  # type: ignore[assignment]  # every one of these is made from its values
        ours = b.hatch(tags)
        compiled = [DXFTag(0, kind)] + list(tag_compiler(iter([DXFTag(c, v) for c, v in tags] + [DXFTag(0, "")])))[:-1]
        theirs = factory.load(ExtendedTags(compiled))
        assert _hatch_state(ours) == _hatch_state(theirs)
        found += 1
    assert found == 10


@pytest.mark.parametrize("change", [
    lambda t: t + [(1001, "HALLPLAN"), (1000, "kind=column")],  # HallPlan's XDATA: ezdxf's loader
    lambda t: [(c, v) for c, v in t if c != 91],  # no path count
    lambda t: [(c, "0") if c in (210, 220, 230) else (c, v) for c, v in t],  # a null extrusion: ezdxf's default
    lambda t: [x for c, v in t for x in ([(10, "1"), (20, "2"), (c, v)] if c == 76 else [(c, v)])],  # a point among the fill values
])
def test_unusual_hatches_go_to_ezdxfs_loader(tmp_path: Path, change: Callable[[Tags], Tags]) -> None:
    records, _ = _run(scan_mod._records, hatches(tmp_path / "h.dxf").read_text(encoding="utf-8"))
    tags = change(next(t for k, t in records if k == "HATCH"))
    b = Builder(LiteDoc())
    used: list[str] = []
    real = b.ezdxf

    def ezdxf(kind: str, t: Tags) -> Any:
        used.append(kind)
        return real(kind, t)

    b.ezdxf = ezdxf  # type: ignore[method-assign]
    try:
        b.hatch(tags)
    except Exception:
        pass  # ezdxf's loader may refuse it: the reader then hands the file to ezdxf
    assert used == ["HATCH"]


@pytest.mark.parametrize("code", [76, 49, 10, 73, 42, 1070])
def test_a_broken_hatch_value_is_refused_as_ezdxf_refuses_it(tmp_path: Path, code: int) -> None:
    """Values the HATCH made from its values does not keep (the pattern) are still checked: a
    broken one refuses the file in both readers (which then hands it to ezdxf's recover mode)."""
    records, _ = _run(scan_mod._records, hatches(tmp_path / "h.dxf").read_text(encoding="utf-8"))
    tags = next(t for k, t in records if k == "HATCH" and any(c == code for c, _ in t))
    i = max(j for j, (c, _) in enumerate(tags) if c == code)
    broken = tags[:i] + [(code, "broken")] + tags[i + 1:]
    with pytest.raises(Exception):
        Builder(LiteDoc()).hatch(broken)
    with pytest.raises(Exception):
        factory.load(ExtendedTags([DXFTag(0, "HATCH")] + _compiled(broken)))
