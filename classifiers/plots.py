"""PNG plots for a model card: per-type confusion matrices and a reliability diagram."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot

import matplotlib.pyplot as plt
import numpy as np

from classifiers.metrics import reliability
from contract.vocabulary import SIGNAL_TYPES


def _png(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return buffer.getvalue()


def confusion_png(
    truth: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], title: str
) -> bytes:
    """One 2x2 matrix per signal type (true/false x predicted yes/no), counts in the cells."""
    true_sets, pred_sets = [set(t) for t in truth], [set(p) for p in predicted]
    columns = 4
    rows = -(-len(SIGNAL_TYPES) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 3.0 * rows))
    for ax, code in zip(np.ravel(axes), SIGNAL_TYPES, strict=False):
        cells = np.zeros((2, 2), dtype=int)  # [truth yes/no][predicted yes/no]
        for t, p in zip(true_sets, pred_sets, strict=True):
            cells[int(code not in t), int(code not in p)] += 1
        ax.imshow(cells, cmap="Blues")
        for (i, j), count in np.ndenumerate(cells):
            colour = "white" if count > cells.max() / 2 else "black"
            ax.text(j, i, str(count), ha="center", va="center", color=colour)
        ax.set_title(code, fontsize=9)
        ax.set_xticks([0, 1], ["predicted", "not pred."], fontsize=8)
        ax.set_yticks([0, 1], ["true", "not true"], fontsize=8)
    for ax in np.ravel(axes)[len(SIGNAL_TYPES) :]:
        ax.axis("off")
    figure.suptitle(title)
    figure.tight_layout()
    return _png(figure)


def reliability_png(y: np.ndarray, p: np.ndarray, title: str, bins: int = 10) -> bytes:
    """Observed rate against mean score per bin over all (text, type) pairs, with counts."""
    table = reliability(zip(np.ravel(p), np.ravel(y), strict=True), bins)
    mean_p = [b.mean_score for b in table]
    rate = [b.share_right for b in table]
    counts = [b.n for b in table]
    figure, (top, bottom) = plt.subplots(
        2, 1, figsize=(5, 6), gridspec_kw={"height_ratios": [3, 1]}, sharex=True
    )
    top.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    top.plot(mean_p, rate, marker="o", label="model")
    top.set_ylabel("share that truly has the type")
    top.set_title(title.replace(" on ", "\non ", 1), fontsize=10)  # fits a narrow figure
    top.legend(loc="upper left")
    bottom.bar([b.start + 0.5 / bins for b in table], counts, width=0.9 / bins, log=True)
    bottom.set_xlabel("score")
    bottom.set_ylabel("pairs")
    figure.tight_layout()
    return _png(figure)
