"""What an article is about, as a short dense vector: weighted static word embeddings.

Two reports of one event often share few exact words ("killed" / "assassinated",
"Pyongyang" / "North Korea"); a term cosine sees nothing there, a word embedding
does. The vectors are WordLlama's ``l2_supercat`` token embeddings (MIT code; the
256-dim table ships inside the ``wordllama`` wheel, 16 MB, so nothing is fetched
at run time). Only its data files are read, with ``safetensors`` and
``tokenizers`` (its own dependencies): importing ``wordllama`` itself would
reconfigure the root logger.

A term's vector is the mean of its sub-word tokens' vectors (the cased form when
that splits into fewer tokens: "Syria" is one token, "syria" two). An article's
vector is the weighted sum of its terms' unit vectors (the weights of the term
vector: sublinear tf x rarity), with the direction every English text shares
taken out (the frequency-weighted mean of common words' vectors, as in SIF
embeddings, Arora et al. 2017), cut to the first ``DIMS`` dimensions (the table
was trained Matryoshka-style, so a prefix is itself an embedding) and stored as
one signed byte per dimension.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file
from tokenizers import Tokenizer
from wordfreq import top_n_list, word_frequency

from worker.stages.memo import Memo

#: Dimensions kept per article (64 bytes in the stored record).
DIMS = 64
#: Common words whose mean vector is the shared direction taken out of every article.
COMMON_WORDS = 2000


@cache
def _table() -> tuple[NDArray[np.float32], Tokenizer]:
    spec = importlib.util.find_spec("wordllama")  # locates the wheel's files without importing it
    if spec is None or spec.origin is None:
        raise ImportError("wordllama is not installed")
    root = Path(spec.origin).parent
    weights = load_file(str(root / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    return np.ascontiguousarray(weights[:, :DIMS], dtype=np.float32), tokenizer


def _unit_word_vectors(terms: list[str]) -> NDArray[np.float32]:
    """One unit row per term: its tokens' mean vector (tokenized in one batch call, in Rust)."""
    table, tokenizer = _table()
    forms = [form for t in terms for form in (t, t.capitalize())]
    ids = [e.ids for e in tokenizer.encode_batch(forms, add_special_tokens=False)]
    out = np.zeros((len(terms), DIMS), dtype=np.float32)
    for row, (low, cap) in enumerate(zip(ids[::2], ids[1::2], strict=True)):
        best = min(low, cap, key=len)
        if best:
            v = table[best].mean(axis=0)
            n = float(np.linalg.norm(v))
            out[row] = v / n if n else v
    return out


@cache
def _common_direction() -> NDArray[np.float32]:
    words = top_n_list("en", COMMON_WORDS)
    weights = np.array([word_frequency(w, "en") for w in words], dtype=np.float32)
    mean = weights @ _unit_word_vectors(words)
    return mean / np.linalg.norm(mean)


def _word_vector(term: str) -> NDArray[np.float32]:
    """The term's unit vector with the common direction already taken out (a sum of these has none)."""
    v = _unit_word_vectors([term])[0]
    common = _common_direction()
    return v - (v @ common) * common


_VECTOR: Memo[str, NDArray[np.float32]] = Memo(_word_vector, limit=100_000)


def embed(weights: Mapping[str, float]) -> bytes:
    """The article's vector from its weighted terms: ``DIMS`` signed bytes (unit length x 127)."""
    if not weights:
        return b""
    v = np.fromiter(weights.values(), dtype=np.float32, count=len(weights)) @ np.array(
        [_VECTOR[t] for t in weights])
    n = float(np.sqrt(v @ v))
    return np.rint(v * (127 / n)).astype(np.int8).tobytes() if n else b""


def unit(stored: bytes) -> NDArray[np.float32] | None:
    """A stored vector as a unit float vector (None when missing), to be scored with ``@``."""
    if len(stored) != DIMS:
        return None
    v = np.frombuffer(stored, dtype=np.int8).astype(np.float32)
    n = float(np.sqrt(v @ v))
    return v / n if n else None


def similarity(a: bytes, b: bytes) -> float:
    """Cosine of two stored vectors (0 when either is missing)."""
    x, y = unit(a), unit(b)
    return 0.0 if x is None or y is None else float(x @ y)
