"""`edits.same_units` (which units of a file read again stand as they were) against a unit-by-unit
reference, inside real warm scans of randomly edited corpora."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import dedupe_cli.scan
from dedupe_cli.edits import same_units
from dedupe_cli.options import ScanOptions
from dedupe_cli.reread import Before
from dedupe_cli.scan import scan
from dedupe_cli.state import Part
from tests.test_scan_reuse import _Corpus


def _unit(part: Part, unit: int) -> tuple[bytes, int, tuple[int, ...]]:
    block = part.block
    a, b = int(block.offsets[unit]), int(block.offsets[unit + 1])
    text = block.text[a:b]
    data = bytes(text) if isinstance(text, bytes) else np.asarray(text, dtype=np.uint8).tobytes()
    return data, int(block.kinds[unit]), tuple(block.lines[unit].tolist())


def _reference(before: Sequence[Before], parts: Sequence[Part]) -> dict[str, list[bool]]:
    """Per file whose articles are its last reading's: per unit, the unit at the same place in the same
    article then has the same bytes, kind and lines."""
    out: dict[str, list[bool]] = {}
    k = 0
    for part in parts:
        for number, path in enumerate(part.infos.paths()):
            held = before[k] if k < len(before) else None
            k += 1
            if held is None or not isinstance(held[0], Part):
                continue
            old, was = held
            a0, a1 = int(old.art_bounds[was]), int(old.art_bounds[was + 1])
            b0, b1 = int(part.art_bounds[number]), int(part.art_bounds[number + 1])
            if a1 - a0 != b1 - b0 or old.block.meta[a0:a1] != part.block.meta[b0:b1]:
                continue
            flags: list[bool] = []
            then, here = int(old.unit_bounds[was]), int(part.unit_bounds[number])
            counts = zip(old.block.units[a0:a1].tolist(), part.block.units[b0:b1].tolist(), strict=True)
            for count_then, count_now in counts:
                for j in range(count_now):
                    flags.append(j < count_then and _unit(old, then + j) == _unit(part, here + j))
                then, here = then + count_then, here + count_now
            out[path] = flags
    return out


@pytest.mark.parametrize("seed", range(4))
def test_same_units_equals_a_unit_by_unit_comparison(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _Corpus(tmp_path / "corpus", seed)
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    seen: list[tuple[dict[str, list[bool]], dict[str, list[bool]]]] = []

    def checked(before: Sequence[Before], parts: Sequence[Part]) -> dict[str, np.ndarray]:
        flags = same_units(before, parts)
        seen.append(({p: f.tolist() for p, f in flags.items()}, _reference(before, parts)))
        return flags

    monkeypatch.setattr(dedupe_cli.scan, "same_units", checked)
    scan([corpus.root], options)
    for _ in range(6):
        for _ in range(corpus.rng.randint(2, 5)):
            corpus.mutate()
        # and a blank line added in one file: its later units keep their text and place, not their lines
        path = corpus.rng.choice(corpus.files())
        path.write_text(path.read_text().replace("\n\n", "\n\n\n", 1))
        # and one letter changed in another: a unit of the same length, kind and lines, not the same text
        path = corpus.rng.choice(corpus.files())
        path.write_text(path.read_text().replace(" w", " v", 1))
        scan([corpus.root], options)
    assert seen
    compared = 0
    for got, want in seen:
        assert got == want
        compared += sum(len(flags) for flags in want.values())
    kept_and_changed = {flag for _, want in seen for flags in want.values() for flag in flags}
    assert compared and kept_and_changed == {True, False}  # units that stand and units that changed both occur
