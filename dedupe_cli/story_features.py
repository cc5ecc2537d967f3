"""Each article's story features kept in the cache folder, so that a re-run does not find them again.

Grouping stories (:func:`dedupe_cli.stories.group_stories`) describes every article by its
weighted features (:func:`~dedupe_cli.stories.article_features`, then
:func:`~dedupe_cli.stories.weighted`): tokenising every article in Python is most of the
grouping's time (10 of 15 s for 20,000 articles), and every run of ``dedupe check`` groups
the whole repository again. An article's features depend on its title and its paragraphs'
texts alone, so they are kept by a hash of those; a re-run computes only the new and
changed articles' features and takes the others from the file.

File: ``stories-<hash of the format, the version and the features' source>.marshal`` in the
cache folder: a :mod:`marshal` tuple (nothing in it can run code when read) of the features'
names once each, and per kept article its key, its features as numbers into those names,
and their weights as the floats they were (the grouping is identical with and without the
file). It is written atomically when something changed, holds the articles of the last run
only, and is ignored whole when it cannot be read; files of other versions are removed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from dedupe_cli import __version__
from dedupe_cli.cache import keep_file, kept_path, source_digest
from dedupe_cli.model import Article

__all__ = ["KeptFeatures", "article_key"]

#: How the files are named: this prefix, a hash of the format, version and source, this suffix.
PREFIX, SUFFIX = "stories-", ".marshal"
#: Bumped when the file's layout or the key change meaning.
_FORMAT = 1

#: The file's numbers, little-endian whatever the machine (a CI cache may be restored on another).
_BOUND, _ID, _WEIGHT = np.dtype("<i8"), np.dtype("<i4"), np.dtype("<f8")

#: An article's weighted story features, in the order they were found.
Features = dict[str, float]


def article_key(article: Article) -> bytes:
    """What an article's story features depend on, hashed: its title and its paragraphs' texts."""
    texts = (article.title, *(p.text for p in article.paragraphs))
    return hashlib.blake2b(marshal.dumps(texts), digest_size=16).digest()


@functools.lru_cache(maxsize=1)
def _source() -> str:
    """A hash of the modules that compute the features (their rules and word lists)."""
    return source_digest(Path(__file__).parent / name for name in ("stories.py", "story_features.py"))


class KeptFeatures:
    """The story features kept in ``folder`` (see the module's docstring).

    Args:
        folder: the cache folder (the scan's ``--cache-dir``).
    """

    def __init__(self, folder: Path) -> None:
        self.path = kept_path(folder, PREFIX, SUFFIX, (_FORMAT, __version__, _source()))
        self._names: list[str] = []
        self._where: dict[bytes, int] = {}
        self._bounds = np.zeros(1, dtype=np.int64)
        self._ids = np.empty(0, dtype=np.int32)
        self._weights = np.empty(0, dtype=np.float64)
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            self._load(marshal.loads(self.path.read_bytes()))

    def _load(self, data: object) -> None:
        """Take the file's contents, or nothing (raises TypeError or ValueError) when they are not a features file."""
        if type(data) is not tuple or len(data) != 5:
            raise TypeError("not a features file")
        names, keys, bounds, ids, weights = data
        if type(names) is not list or not all(type(n) is str for n in names) or type(keys) is not list:
            raise TypeError("not a features file")
        if not all(type(k) is bytes for k in keys):
            raise TypeError("not a features file")
        bound = np.frombuffer(bounds, dtype=_BOUND).astype(np.int64)
        number = np.frombuffer(ids, dtype=_ID).astype(np.int32)
        weight = np.frombuffer(weights, dtype=_WEIGHT).astype(np.float64)
        valid = len(bound) == len(keys) + 1 and bound[0] == 0 and bool(np.all(np.diff(bound) >= 0))
        if not valid or bound[-1] != len(number) or len(number) != len(weight):
            raise ValueError("not a features file")
        if len(number) and (int(number.min()) < 0 or int(number.max()) >= len(names)):
            raise ValueError("not a features file")
        self._names, self._bounds, self._ids, self._weights = names, bound, number, weight
        self._where = {key: n for n, key in enumerate(keys)}

    def features(self, articles: Sequence[Article], compute: Callable[[Article], Features]) -> list[Features]:
        """The features of ``articles``: kept ones from the file, the others from ``compute``; the file then
        holds exactly these articles' (written only when that is not what it held)."""
        keys = [article_key(a) for a in articles]
        found = [self._where.get(key) for key in keys]
        names = np.array(self._names, dtype=object)
        bounds = self._bounds.tolist()
        out: list[Features] = []
        for article, n in zip(articles, found, strict=True):
            if n is None:
                out.append(compute(article))
            else:
                lo, hi = bounds[n], bounds[n + 1]
                out.append(dict(zip(names[self._ids[lo:hi]].tolist(), self._weights[lo:hi].tolist(), strict=True)))
        kept = [n for n in found if n is not None]
        if len(kept) != len(articles) or len(self._where) != len(set(keys)):
            self._save(keys, out)
        return out

    def _save(self, keys: Sequence[bytes], features: Sequence[Features]) -> None:
        """Keep these articles' features in place of what was kept (not kept when the folder cannot be written)."""
        number: dict[str, int] = {}
        seen: set[bytes] = set()
        kept_keys: list[bytes] = []
        bounds, ids, weights = [0], array("i"), array("d")
        for key, feats in zip(keys, features, strict=True):
            if key in seen:
                continue
            seen.add(key)
            kept_keys.append(key)
            ids.extend(number.setdefault(name, len(number)) for name in feats)
            weights.extend(feats.values())
            bounds.append(len(ids))
        data = (
            list(number),
            kept_keys,
            np.array(bounds, dtype=_BOUND).tobytes(),
            np.frombuffer(ids, dtype=np.intc).astype(_ID).tobytes(),
            np.frombuffer(weights, dtype=np.float64).astype(_WEIGHT).tobytes(),
        )
        keep_file(self.path, marshal.dumps(data), PREFIX, SUFFIX)
