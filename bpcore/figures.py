"""The PNGs in figures/, made from bpcore's own plotting functions (``make figures``).

Run ``python -m bpcore.figures [--out DIRECTORY]``. Every network and input is seeded,
and the PNGs carry no version or date, so a second run writes the same bytes.

* network-nudge.png  — a 4-6-6-3 network coloured by Δa after nudging w^2_21 (eq. 47–50)
* network-digits.png — the same for a trained 64-30-10 digits network (input as 8×8 image)
* dC-vs-dw.png       — exact ΔC against Δw^3_50 beside the tangent (∂C/∂w)Δw (eq. 47)
* gap-loglog.png     — |ΔC − (∂C/∂w)Δw| against |Δw^3_50|: slope 2
* paths.png          — the 18 paths from w^2_21 to C, strongest thickest (eq. 51–53)
* chain.png          — the factors of ∂C/∂w_1 along a 4-neuron sigmoid chain (the
                       "General Back Propagation" derivation's eq. 75–87)
* line-descent.png   — f(x) = m·x + c: errors, both costs, gradient descent on C(m, c)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from bpcore import plotting
from bpcore.chain import chain, chain_gradient
from bpcore.examples import trained_digits_network
from bpcore.network import Network
from bpcore.nudge import Nudger
from bpcore.paths import paths

#: The nudged weight of the 4-6-6-3 network pictures: w^2_21 (neuron 1 of layer 1 → neuron 2
#: of layer 2), whose change travels through three layers.
LAYER, J, K, DW = 2, 2, 1, 0.8
#: The weight of the ΔC-against-Δw pictures: w^3_50, whose ΔC bends visibly by |Δw| = 2.
CURVE = (3, 5, 0)


def example_network() -> tuple[Network, np.ndarray, np.ndarray]:
    """The 4-6-6-3 sigmoid network (seed 3) with its input x and target y."""
    net = Network([4, 6, 6, 3], seed=3)
    x = np.array([[0.9], [0.2], [0.6], [0.4]])
    y = np.array([[1.0], [0.0], [0.0]])
    return net, x, y


def _figure(figsize: tuple[float, float], ncols: int = 1, **options: Any) -> tuple[Figure, Any]:
    """A figure made without pyplot (nothing to close), and its axes: one, or an array."""
    figure = Figure(figsize=figsize, layout="constrained")
    return figure, figure.subplots(1, ncols, **options)


def _save(figure: Figure, path: Path) -> Path:
    figure.savefig(path, dpi=110, metadata={"Software": None})
    return path


def network_nudge(path: Path) -> Path:
    net, x, y = example_network()
    explorer = Nudger(net, x, y)
    nudge = explorer.nudge(LAYER, J, K, DW)
    figure, ax = _figure((8.0, 4.6))
    plotting.draw_network(
        net,
        nudge.layer_values("da"),
        ax=ax,
        highlight=(LAYER, J, K),
        sigma_primes=explorer.sigma_primes,
        inputs=x,
        symbol=plotting.VIEW_SYMBOLS["da"],
        title=f"Nudging ${plotting.parameter_tex(LAYER, J, K)}$ by $\\Delta w = {DW}$: every later "
        f"activation moves; $\\Delta C = {nudge.dC:.3g}$",
    )
    return _save(figure, path)


def network_digits(path: Path) -> Path:
    example = trained_digits_network(seed=0)
    net, x, y = example
    explorer = Nudger(net, x, y)
    k = int(np.argmax(x[:, 0]))  # a lit pixel, so that a^1_k Δw is not zero
    nudge = explorer.nudge(2, 7, k, 3.0)
    figure, ax = _figure((8.0, 5.2))
    plotting.draw_network(
        net,
        nudge.layer_values("da"),
        ax=ax,
        highlight=(2, 7, k),
        sigma_primes=explorer.sigma_primes,
        inputs=x,
        symbol=plotting.VIEW_SYMBOLS["da"],
        title=f"A trained 64-30-10 network, input a {example.label}: nudging "
        f"${plotting.parameter_tex(2, 7, k)}$ by 3 changes C by {nudge.dC:.2e}",
    )
    return _save(figure, path)


def dC_vs_dw(path: Path) -> Path:  # noqa: N802 - the chapter's symbols
    net, x, y = example_network()
    figure, ax = _figure((6.0, 4.0))
    plotting.plot_dC_vs_dw(net, x, y, *CURVE, dw_max=2.0, current=1.5, ax=ax)
    return _save(figure, path)


def gap_loglog(path: Path) -> Path:
    net, x, y = example_network()
    figure, ax = _figure((6.0, 4.0))
    plotting.plot_gap_loglog(net, x, y, *CURVE, ax=ax)
    return _save(figure, path)


def paths_figure(path: Path) -> Path:
    net, x, y = example_network()
    figure, ax = _figure((8.0, 4.6))
    plotting.draw_paths(paths(net, x, y, LAYER, J, K), net, ax=ax)
    return _save(figure, path)


def chain_figure(path: Path) -> Path:
    c = chain(1.0, [0.8, -1.2, 1.5, 0.9], 0.0)
    figure, axes = _figure((10.0, 3.6), ncols=2, width_ratios=[1.4, 1])
    plotting.plot_chain(c, axes=axes, backprop_value=chain_gradient(c))
    return _save(figure, path)


def line_descent(path: Path) -> Path:
    figure, axes = _figure((12.0, 3.8), ncols=3)
    plotting.plot_line(0.0, 0.0, eta=0.02, steps=30, axes=axes)
    return _save(figure, path)


FIGURES = {
    "network-nudge.png": network_nudge,
    "network-digits.png": network_digits,
    "dC-vs-dw.png": dC_vs_dw,
    "gap-loglog.png": gap_loglog,
    "paths.png": paths_figure,
    "chain.png": chain_figure,
    "line-descent.png": line_descent,
}


def main(argv: list[str] | None = None) -> list[Path]:
    """Write every figure into ``--out`` (default ``figures/``); print and return the paths."""
    parser = argparse.ArgumentParser(
        prog="python -m bpcore.figures",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("figures"),
        help="directory to write the PNGs into (default: figures)",
    )
    arguments = parser.parse_args(argv)
    arguments.out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in FIGURES.items():
        written.append(make(arguments.out / name))
        print(written[-1])
    return written


if __name__ == "__main__":
    main()
