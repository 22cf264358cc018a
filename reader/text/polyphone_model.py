"""g2pM's polyphone model (Park & Lee, Interspeech 2020), run batched in numpy.

g2pM (kakaobrain, Apache-2.0) is a one-layer BiLSTM (64-d embeddings, 32-d
states, two dense layers) trained on the CPP benchmark's train split; the
``g2pM`` package ships its weights and its character → readings table.  Its
own ``G2pM()`` reads one sentence at a time in float64 and chooses among all
876 syllables; here the same weights run on many sentences at once in
float32, the input projections of every step are computed in one product, and
the choice is among the character's own readings, with probabilities, so the
caller can weigh it against the dictionary.

numpy and the weights are loaded on first use (:func:`get_model`), never at
import: the window's first paint must not pay for them.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Sequence
from importlib import resources
from importlib.util import find_spec

_BOS, _EOS, _UNK = "시", "끝", "<UNK>"  # g2pM's own begin / end / unknown symbols
#: The longest text the model reads in one piece; longer sentences are read in overlapping
#: pieces (each position with at least _MARGIN characters of context on both sides).
CONTEXT = 256
_MARGIN = 32


def available() -> bool:
    """True when the g2pM package (its weights) is installed."""
    if find_spec("g2pM") is None:
        return False
    try:
        return resources.files("g2pM").joinpath("np_ckpt.pkl").is_file()
    except ImportError:  # g2pM's own __init__ imports numpy: a broken numpy shows here
        return False


class _Weights(pickle.Unpickler):
    """Unpickles g2pM's files allowing only what numpy arrays need.

    The weights were pickled by numpy 1 (``numpy.core.multiarray``), a module
    numpy 2 keeps only as a shim, which a PyInstaller bundle does not carry.
    """

    def find_class(self, module: str, name: str):
        import numpy

        if (module, name) == ("numpy.core.multiarray", "_reconstruct"):
            try:
                from numpy._core.multiarray import _reconstruct
            except ImportError:  # numpy 1
                from numpy.core.multiarray import _reconstruct  # type: ignore[no-redef]
            return _reconstruct
        if module == "numpy" and name in ("ndarray", "dtype"):
            return getattr(numpy, name)
        raise pickle.UnpicklingError(f"g2pM data: {module}.{name} is not allowed")


def _load(name: str):
    with resources.files("g2pM").joinpath(name).open("rb") as f:
        return _Weights(f).load()


class PolyphoneModel:
    """The BiLSTM with g2pM's weights; :meth:`probabilities` reads polyphones in context."""

    def __init__(self) -> None:
        import numpy as np

        self._np = np
        weights = {k: np.asarray(v, dtype=np.float32) for k, v in _load("np_ckpt.pkl").items()}
        self.char_ids: dict[str, int] = _load("char2idx.pkl")
        class_ids: dict[str, int] = _load("class2idx.pkl")
        #: character → its candidate readings (``["xing2", "hang2"]``), from g2pM's digest of CC-CEDICT
        self.readings: dict[str, list[str]] = {
            ch: list(prons) for ch, prons in _load("digest_cedict.pkl").items() if len(prons) > 1
        }
        widest = max(map(len, self.readings.values()))
        self._classes = {
            ch: np.array([class_ids[p] for p in prons] + [-1] * (widest - len(prons)))
            for ch, prons in self.readings.items()
        }
        emb = weights["embedding.weight"]
        h = weights["lstm.weight_hh_l0"].shape[1]
        # The two directions run side by side as a stack of two ([2, batch, ...]): the forward
        # one over the sentence, the backward one over its reverse, so each step is one stacked
        # product and one tanh.  The i, f, o gate columns are halved in advance so that
        # sigmoid(x) = (tanh(x / 2) + 1) / 2 costs no extra product.
        scale = np.array([0.5] * (2 * h) + [1.0] * h + [0.5] * h, dtype=np.float32)
        tables, recurrent = [], []
        for suffix in ("", "_reverse"):
            table = emb @ weights["lstm.weight_ih_l0" + suffix].T
            table += weights["lstm.bias_ih_l0" + suffix] + weights["lstm.bias_hh_l0" + suffix]
            tables.append(table * scale)  # [characters, 4h]: a character's input projection
            recurrent.append(weights["lstm.weight_hh_l0" + suffix].T * scale)  # [h, 4h]
        self._tables = tables
        self._recurrent = np.stack(recurrent)  # [2, h, 4h]
        self._w0, self._b0 = weights["logit_layer.0.weight"].T.copy(), weights["logit_layer.0.bias"]
        self._w1, self._b1 = weights["logit_layer.2.weight"].T.copy(), weights["logit_layer.2.bias"]
        self._hidden = h
        self._bos, self._eos, self._unk = self.char_ids[_BOS], self.char_ids[_EOS], self.char_ids[_UNK]

    def _states(self, ids, reversed_ids):
        """Hidden states [2, steps, batch, h]: forward over ``ids``, backward over ``reversed_ids``.

        Both are left-aligned, so padding only ever follows a sentence's last
        character and never reaches the states read back.
        """
        np = self._np
        batch, steps = ids.shape
        h1 = self._hidden
        inputs = np.stack([self._tables[0][ids.T], self._tables[1][reversed_ids.T]])  # [2, t, b, 4h]
        out = np.empty((2, steps, batch, h1), dtype=np.float32)
        h = np.zeros((2, batch, h1), dtype=np.float32)
        c = np.zeros_like(h)
        recurrent = self._recurrent
        tanh, matmul = np.tanh, np.matmul
        for t in range(steps):
            z = tanh(inputs[:, t] + matmul(h, recurrent))
            s = z * 0.5 + 0.5
            c = s[:, :, h1 : 2 * h1] * c + s[:, :, :h1] * z[:, :, 2 * h1 : 3 * h1]
            h = s[:, :, 3 * h1 :] * tanh(c)
            out[:, t] = h
        return out

    def probabilities(
        self, sentences: Sequence[str], positions: Sequence[Sequence[int]], cells: int = 10240
    ) -> list[list[dict[str, float]]]:
        """For each sentence, for each position asked, {reading: probability} over the character's readings.

        Positions whose character is not a known polyphone get ``{}``.  Sentences
        are read in batches of about ``cells`` characters; a very long one
        (a text without full stops) in overlapping pieces of CONTEXT characters.
        """
        np = self._np
        results: list[list[dict[str, float]]] = [[{} for _ in p] for p in positions]
        # pieces of text to read, each with its asked positions: (index in the piece, sentence, position index)
        pieces: list[tuple[str, list[tuple[int, int, int]]]] = []
        for i, (sentence, asked) in enumerate(zip(sentences, positions)):
            wanted = [(k, n) for n, k in enumerate(asked) if sentence[k] in self.readings]
            if not wanted:
                continue
            if len(sentence) <= CONTEXT:
                pieces.append((sentence, [(k, i, n) for k, n in wanted]))
                continue
            step = CONTEXT - 2 * _MARGIN
            for block in range(0, len(sentence), step):
                inside = [(k, n) for k, n in wanted if block <= k < block + step]
                if inside:
                    lo = max(0, block - _MARGIN)
                    pieces.append((sentence[lo : block + step + _MARGIN], [(k - lo, i, n) for k, n in inside]))
        pieces.sort(key=lambda piece: len(piece[0]))  # similar lengths together: little padding
        get = self.char_ids.get
        b = 0
        while b < len(pieces):
            e = b + 1  # sorted by length: the last piece of a batch is its longest
            while e < len(pieces) and (e - b + 1) * (len(pieces[e][0]) + 2) <= cells:
                e += 1
            chunk = pieces[b:e]
            b = e
            steps = len(chunk[-1][0]) + 2
            ids = np.zeros((len(chunk), steps), dtype=np.intp)
            reversed_ids = np.zeros_like(ids)
            for row, (text, _) in enumerate(chunk):
                seq = [self._bos, *(get(ch, self._unk) for ch in text), self._eos]
                ids[row, : len(seq)] = seq
                reversed_ids[row, : len(seq)] = seq[::-1]
            states = self._states(ids, reversed_ids)
            rows, fw_cols, bw_cols, where = [], [], [], []
            for row, (text, asked_here) in enumerate(chunk):
                last = len(text) + 1  # index of the end symbol
                for k, i, n in asked_here:
                    rows.append(row)
                    fw_cols.append(k + 1)  # +1: the begin symbol
                    bw_cols.append(last - (k + 1))
                    where.append((i, n, text[k]))
            target = np.concatenate([states[0, fw_cols, rows], states[1, bw_cols, rows]], axis=1)
            hidden = np.maximum(target @ self._w0 + self._b0, 0.0)
            logits = hidden @ self._w1 + self._b1
            # softmax over each character's own readings (padded with -inf to the widest)
            cands = np.stack([self._classes[ch] for _, _, ch in where])
            scores = np.where(cands >= 0, logits[np.arange(len(where))[:, None], cands], -np.inf)
            scores = np.exp(scores - scores.max(axis=1, keepdims=True))
            scores /= scores.sum(axis=1, keepdims=True)
            for (i, n, ch), row in zip(where, scores.tolist()):
                results[i][n] = dict(zip(self.readings[ch], row))
        return results


_model: PolyphoneModel | None = None
_missing = False
_preloading = False
_lock = threading.Lock()


def get_model() -> PolyphoneModel | None:
    """The shared model, loaded on first call; None when g2pM or numpy is missing."""
    global _model, _missing
    if _model is None and not _missing:
        with _lock:
            if _model is None and not _missing:
                # the products are tiny: BLAS threads only add hand-offs (2-3x the CPU time
                # measured here), and numpy reads this only when it is first imported
                os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
                try:
                    _model = PolyphoneModel() if available() else None
                except (ImportError, OSError, pickle.UnpicklingError, KeyError):
                    _model = None  # numpy missing, or weights unreadable: pypinyin reads alone
                _missing = _model is None
    return _model


def preload() -> None:
    """Load the model on a background thread (once), so that the first reading does not wait for it.

    Called when a text is analysed (after the window's first paint): numpy and
    the weights then load while the text is segmented, not on the thread that
    paints the first tone colours.
    """
    global _preloading
    if _model is not None or _missing or _preloading:
        return
    _preloading = True
    threading.Thread(target=get_model, name="polyphone-model", daemon=True).start()
