"""The numpy banding yields exactly MinHashLSH's candidates for the same bands and rows."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHashLSH

from dedupe_cli.match import band_keys, candidate_pairs, lsh_params, verify
from dedupe_cli.options import MatchOptions, ScanOptions
from dedupe_cli.sign import Signer, shingle_hashes
from dedupe_cli.workers import sign_units


def _signatures(n: int, seed: int) -> np.ndarray:
    """Signatures of random texts with planted near-copies, so that buckets are shared."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(300)]
    texts = [" ".join(rng.choice(vocab, size=int(rng.integers(6, 30)))) for _ in range(n)]
    for i in range(0, n, 3):
        words = texts[i].split()
        words[int(rng.integers(0, len(words)))] = "edited"
        texts[(i * 7 + 1) % n] = " ".join(words)
    return Signer(128, 1).sign_many([shingle_hashes(t) for t in texts])


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_candidates_equal_minhashlsh(threshold: float) -> None:
    sigs = _signatures(240, seed=int(threshold * 10))
    signer = Signer(128, 1)
    bands, rows = lsh_params(threshold, 128)
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    assert (lsh.b, lsh.r) == (bands, rows)
    for i, sig in enumerate(sigs):
        lsh.insert(i, signer.lean(sig))
    expected = {(min(i, j), max(i, j)) for i in range(len(sigs)) for j in lsh.query(signer.lean(sigs[i])) if i != j}
    ours = {(int(a), int(b)) for a, b in candidate_pairs(sigs, threshold)}
    assert expected  # the test data does share buckets
    assert ours == expected


def test_verify_keeps_pairs_at_threshold() -> None:
    a = np.array([1, 2, 3, 4], dtype=np.uint64)
    b = np.array([1, 2, 3, 5], dtype=np.uint64)
    c = np.array([9], dtype=np.uint64)
    kept = verify(np.array([[0, 1], [0, 2]]), [a, b, c], 0.5)
    assert kept == [(0, 1, 0.6)]


def test_known_lsh_params_are_minhashlsh_choices() -> None:
    from dedupe_cli.match import KNOWN_LSH_PARAMS

    for (threshold, num_perm), params in KNOWN_LSH_PARAMS.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        assert (lsh.b, lsh.r) == params


@pytest.mark.parametrize(("lsh_threshold", "num_perm"), [(0.3, 128), (0.5, 128), (0.8, 64)])
def test_the_scan_signs_only_the_values_its_bands_read(lsh_threshold: float, num_perm: int) -> None:
    # sign_units computes the first bands x rows values of each signature (111 of 128 at 0.3): the
    # band keys are those of the whole signatures
    rng = np.random.default_rng(5)
    vocab = [f"w{i}" for i in range(200)]
    texts = [" ".join(rng.choice(vocab, size=int(rng.integers(3, 40)))) for _ in range(150)]
    options = ScanOptions(match=MatchOptions(lsh_threshold=lsh_threshold, num_perm=num_perm))
    bands, rows = lsh_params(lsh_threshold, num_perm)
    entry = sign_units(texts, options)
    eligible = entry.word_counts >= options.match.min_words
    whole = Signer(num_perm, options.match.seed).sign_many(
        [shingle_hashes(t) for t, ok in zip(texts, eligible.tolist(), strict=True) if ok]
    )
    assert bands * rows < num_perm  # some values are left out
    assert entry.signatures.shape == (int(eligible.sum()), bands * rows)
    assert np.array_equal(band_keys(entry.signatures, bands, rows), band_keys(whole, bands, rows))
