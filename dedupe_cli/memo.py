"""The last scan's findings, kept in the scan state for the next scan to reuse.

The findings are kept as columns: per finding its kind, similarity, fingerprint, the
canonical member's first line and article id, and the JSON the report writes for it
(:func:`dedupe_cli.format.json.finding_fragment`); per member where it stands (its
file, the article's number inside that file, its first and last paragraph). A warm
re-scan reads them through a memory map and works on whole columns: the findings it
keeps stay numbers in them (:class:`~dedupe_cli.findinglist.FindingList`), made
:class:`~dedupe_cli.findinglist.KeptFinding` objects only when something reads them, the
JSON report copies a kept finding's text as it is, and its members are read back from
that text only when something asks for them.

The file (:mod:`dedupe_cli.columns`) is tied to the state's generation and the match
settings; anything else found there is ignored.
"""

from __future__ import annotations

import contextlib
import operator
import os
import secrets
import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dedupe_cli.arrays import byte_view, run_positions
from dedupe_cli.atomic import write_bytes_atomic
from dedupe_cli.columns import KINDS, MEMBER_FIELDS, Columns, encode, read
from dedupe_cli.findinglist import kept_numbers
from dedupe_cli.model import Finding
from dedupe_cli.options import MatchOptions

#: The file in the scan state that holds the last scan's findings.
FINDINGS_FILE = "findings.bin"
_LEGACY_FILES = ("findings.marshal",)
#: Bytes of a blob that may go unused before it is written afresh, besides as many as are used.
_SLACK = 1 << 20

_FIELDS_OF = operator.itemgetter(*MEMBER_FIELDS)
_CODE = {kind: code for code, kind in enumerate(KINDS)}


#: Gives the number of an article (shown path, article id, a line of it) among its file's articles.
InFile = Callable[[str, str, int], int]


def _new_columns(findings: Sequence[Finding], in_file: InFile) -> Columns:
    """The columns of findings built in this scan."""
    members = [m for f in findings for m in f.members]
    paths = list(dict.fromkeys(m.path for m in members))
    index = {p: n for n, p in enumerate(paths)}
    blob: list[bytes] = []
    values: dict[int, tuple[tuple[Any, ...], ...]] = {}
    for n, f in enumerate(findings):
        if f.fragment is None:
            values[n] = tuple(_FIELDS_OF(m.__dict__) for m in f.members)
        blob.append(f.fragment or b"")
    counts = [len(f.members) for f in findings]
    lengths = np.array([len(b) for b in blob], dtype=np.int64)
    ends = np.cumsum(lengths, dtype=np.int64)
    return Columns(
        kinds=np.array([_CODE[f.kind] for f in findings], dtype=np.uint8),
        sims=np.array([f.similarity for f in findings], dtype=np.float64),
        lines=np.array([f.members[0].line_start for f in findings], dtype=np.int64),
        bounds=np.concatenate(([0], np.cumsum(counts, dtype=np.int64))).astype(np.int64),
        f_start=ends - lengths,
        f_end=ends,
        m_path=np.array([index[m.path] for m in members], dtype=np.int32),
        m_art=np.array([in_file(m.path, m.article_id, m.line_start) for m in members], dtype=np.int32),
        m_first=np.array([m.first_unit for m in members], dtype=np.int32),
        m_last=np.array([m.last_unit for m in members], dtype=np.int32),
        blob=b"".join(blob),
        paths=paths,
        fingerprints=[f.fingerprint for f in findings],
        lead_ids=[f.members[0].article_id for f in findings],
        values=values,
    )


def _combined(findings: Sequence[Finding], last: Columns | None, in_file: InFile) -> tuple[Columns, np.ndarray, bytes]:
    """The columns of ``findings`` (in order), kept ones taken from ``last`` by whole columns; which findings
    are new; and the new ones' JSON. A kept finding's JSON stands where it stood in the last blob, a new
    one's in the new JSON."""
    old = kept_numbers(findings, last)
    from_old, fresh = np.flatnonzero(old >= 0), np.flatnonzero(old < 0)
    new = _new_columns([findings[i] for i in fresh.tolist()], in_file)
    blob = new.blob if isinstance(new.blob, bytes) else new.blob.tobytes()
    if last is None or from_old.size == 0:
        return new, np.ones(len(findings), dtype=bool), blob
    taken = old[from_old]
    n = len(findings)
    # every column: the kept findings' values where they stand, the new ones' in between
    per_finding: dict[str, np.ndarray] = {}
    for name in ("kinds", "sims", "lines", "f_start", "f_end"):
        column = np.empty(n, dtype=getattr(new, name).dtype)
        column[from_old], column[fresh] = getattr(last, name)[taken], getattr(new, name)
        per_finding[name] = column
    sizes = np.empty(n, dtype=np.int64)
    sizes[from_old], sizes[fresh] = np.diff(last.bounds)[taken], np.diff(new.bounds)
    starts = np.empty(n, dtype=np.int64)  # in the last members followed by the new ones
    starts[from_old], starts[fresh] = last.bounds[taken], new.bounds[:-1] + last.bounds[-1]
    bounds = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    at = run_positions(starts, sizes)
    m_path = np.concatenate((last.m_path, new.m_path + len(last.paths)))[at]
    used, m_path = np.unique(m_path, return_inverse=True)
    everywhere = last.paths + new.paths
    members = {
        name: np.concatenate((getattr(last, name), getattr(new, name)))[at] for name in ("m_art", "m_first", "m_last")
    }
    values = {
        i: last.values[int(j)] for i, j in zip(from_old.tolist(), taken.tolist(), strict=True) if j in last.values
    }
    values.update((int(fresh[k]), v) for k, v in new.values.items())
    fingerprints = [last.fingerprints[j] if j >= 0 else "" for j in old.tolist()]
    lead_ids = [last.lead_ids[j] if j >= 0 else "" for j in old.tolist()]
    for k, i in enumerate(fresh.tolist()):
        fingerprints[i], lead_ids[i] = new.fingerprints[k], new.lead_ids[k]
    columns = Columns(
        bounds=bounds,
        m_path=m_path.astype(np.int32),
        blob=last.blob,
        paths=[everywhere[i] for i in used.tolist()],
        fingerprints=fingerprints,
        lead_ids=lead_ids,
        values=values,
        blob_name=last.blob_name,
        **per_finding,
        **members,
    )
    return columns, old < 0, blob


def _appended(path: Path, data: bytes) -> int:
    """Append ``data`` to the file ``path`` (which must exist) and say where it starts there (other
    processes may append at the same time: each write lands whole at the end)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        if not data:
            return os.fstat(fd).st_size
        if os.write(fd, data) != len(data):
            raise OSError(f"short write to {path}")
        return os.lseek(fd, 0, os.SEEK_CUR) - len(data)  # after an appending write: the end of this one
    finally:
        os.close(fd)


def _rewritten(folder: Path, columns: Columns, new: np.ndarray, blob: bytes) -> int:
    """Write a fresh blob file of the findings' JSON (runs of the last blob as they stand, the new text
    between them), point ``columns`` at it and say its size."""
    starts, ends = columns.f_start, columns.f_end
    breaks = np.flatnonzero(new[1:] | new[:-1] | (starts[1:] != ends[:-1])) + 1 if new.size else new
    last, fresh = byte_view(columns.blob), byte_view(blob)
    pieces = [
        (fresh if new[a] else last)[int(starts[a]) : int(ends[b - 1])]
        for a, b in zip([0, *breaks.tolist()], [*breaks.tolist(), new.size], strict=True)
        if new.size
    ]
    lengths = ends - starts
    columns.f_end = np.cumsum(lengths, dtype=np.int64)
    columns.f_start = columns.f_end - lengths
    columns.blob_name = f"findings-{secrets.token_hex(8)}.blob"
    write_bytes_atomic(folder / columns.blob_name, pieces)
    return int(lengths.sum())


class FindingMemo:
    """The findings kept in the scan state (see the module's docstring)."""

    @staticmethod
    def save(
        folder: Path,
        generation: str,
        options: MatchOptions,
        findings: Sequence[Finding],
        in_file: InFile,
        last: Columns | None = None,
    ) -> None:
        """Write the findings (in report order) into the scan state, atomically, tied to ``generation``
        and the settings; those kept from ``last`` are copied by whole columns.

        ``in_file`` gives the number of an article among its file's articles (by shown path and id).
        """
        columns, new, blob = _combined(findings, last, in_file)
        live = int((columns.f_end - columns.f_start).sum())
        size = len(columns.blob) + len(blob) if columns.blob_name else 0  # appending to the last blob
        if size and size <= 2 * live + _SLACK and (folder / columns.blob_name).is_file():
            offset = _appended(folder / columns.blob_name, blob)  # what is kept stays where it stands
            columns.f_start[new] += offset
            columns.f_end[new] += offset
            size = offset + len(blob)
            fresh = False
        else:
            size, fresh = _rewritten(folder, columns, new, blob), True
        write_bytes_atomic(folder / FINDINGS_FILE, encode(columns, generation, repr(options.as_params()), size))
        if fresh:  # the blobs of earlier scans (a scan still reading one keeps it open)
            for other in folder.glob("findings-*.blob"):
                if other.name != columns.blob_name:
                    with contextlib.suppress(OSError):
                        other.unlink()
        for legacy in _LEGACY_FILES:
            with contextlib.suppress(OSError):
                (folder / legacy).unlink()

    @staticmethod
    def load(folder: Path, generation: str, options: MatchOptions) -> Columns | None:
        """The findings of the scan that wrote ``generation`` with these settings; None when absent or damaged."""
        try:
            return read(folder / FINDINGS_FILE, generation, repr(options.as_params()))
        except (OSError, EOFError, ValueError, TypeError, IndexError, struct.error):
            return None
