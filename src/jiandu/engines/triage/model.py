"""The supervised part of triage: two linear heads (label, domain) over sparse binary features.

Stored as one ``.npz`` file with plain arrays only (loaded with ``allow_pickle=False``):

* ``vocab``          the feature strings, row ``i`` of ``weights`` belongs to ``vocab[i]``
* ``weights``        float32, features × (labels + domains + accused)
* ``bias``           float32, labels + domains
* ``label_classes``  joint labels (P0, P1a … P4f, P3)
* ``domain_classes`` the 17 domains and ``无``
* ``accused_classes`` who is accused: officer, authority, merchant, none (may be empty in old files)
* ``meta``           a JSON string: version, training counts, hyper-parameters

A document's score is ``bias + sum(weights[features]) / sqrt(len(features))`` — the same
L2-normalised binary vectors the training saw.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["LinearModel"]

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class LinearModel:
    vocab: dict[str, int]
    weights: FloatArray
    bias: FloatArray
    label_classes: tuple[str, ...]
    domain_classes: tuple[str, ...]
    meta: dict[str, Any]
    accused_classes: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    def indices(self, features: Iterable[str]) -> list[int]:
        return [i for i in map(self.vocab.get, features) if i is not None]

    @property
    def temperature(self) -> float:
        """Temperature fitted on the calibration texts (1.0 when the file has none)."""
        return float(self.meta.get("temperature", 1.0))

    def scores(self, indices: list[int]) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Raw scores of the label head, of the domain head and of the accused head."""
        if indices:
            total: FloatArray = self.weights[indices].sum(axis=0) * np.float32(1.0 / math.sqrt(len(indices)))
            total += self.bias
        else:
            total = self.bias.copy()
        n = len(self.label_classes)
        m = n + len(self.domain_classes)
        return total[:n], total[n:m], total[m:]

    def score_lists(self, indices: list[int]) -> tuple[list[float], list[float], list[float]]:
        """:meth:`scores` as plain Python lists (faster to work on for a handful of classes)."""
        label, domain, accused = self.scores(indices)
        return (
            [float(v) for v in label.tolist()],
            [float(v) for v in domain.tolist()],
            [float(v) for v in accused.tolist()],
        )

    def save(self, path: Path) -> None:
        vocab = sorted(self.vocab, key=self.vocab.__getitem__)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                vocab=np.array(vocab, dtype=str),
                weights=self.weights.astype(np.float32),
                bias=self.bias.astype(np.float32),
                label_classes=np.array(self.label_classes, dtype=str),
                domain_classes=np.array(self.domain_classes, dtype=str),
                accused_classes=np.array(self.accused_classes, dtype=str),
                meta=np.array(json.dumps(self.meta, ensure_ascii=False, sort_keys=True)),
            )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as data:
            vocab = [str(v) for v in data["vocab"].tolist()]
            weights = np.ascontiguousarray(data["weights"], dtype=np.float32)
            bias = np.asarray(data["bias"], dtype=np.float32)
            labels = tuple(str(v) for v in data["label_classes"].tolist())
            domains = tuple(str(v) for v in data["domain_classes"].tolist())
            accused = (
                tuple(str(v) for v in data["accused_classes"].tolist()) if "accused_classes" in data else ()
            )
            meta = json.loads(str(data["meta"]))
        if weights.shape != (len(vocab), len(labels) + len(domains) + len(accused)) or bias.shape != (
            weights.shape[1],
        ):
            raise ValueError(f"模型文件 {path} 的权重形状与词表或类别数不符")
        return cls(
            vocab={feature: i for i, feature in enumerate(vocab)},
            weights=weights,
            bias=bias,
            label_classes=labels,
            domain_classes=domains,
            meta=dict(meta),
            accused_classes=accused,
        )
