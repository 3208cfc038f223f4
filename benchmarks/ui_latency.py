"""How fast an explorer answers a hand: from a key press on its slider to the new picture
painted in the page, in JupyterLab in headless chromium on this machine.

For each explorer in EXPLORERS the suite opens its notebook in a JupyterLab started here
(127.0.0.1, a free port, private settings), runs every cell, focuses the explorer's slider
and presses an arrow key again and again, each press alone: the time from the ``input``
event the key press makes (in the same task as the ``keydown``, which the explorer keeps to
itself so that the notebook does not move between cells) to the first task after the
browser painted the frame that shows the new picture (a ``requestAnimationFrame`` callback
runs before that frame's layout and paint; a task it posts runs after them). Then it drags the
slider's thumb across in 60 mouse moves and counts the pictures drawn against the input
events: the page sends one change at a time and skips to the latest, so a drag faster than
the pictures draws fewer pictures than it made moves, and the last picture must be the
slider's final value. (Playwright's mouse moves each wait until the browser has handled
them, so the drag runs as fast as the page lets it: ``seconds`` says how long it took.)

Uses the browser tests' own helpers (tests/browser): the same server set-up, chromium flags
and "run all cells" steps.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

#: The explorers measured: notebook, the explorer's title (its aria-label), the slider moved
#: and the key pressed; the first explorer with that title in the notebook is used.
EXPLORERS: list[dict[str, str]] = [
    {"notebook": notebook, "title": title, "control": control, "key": key}
    for notebook, title, control, key in [
        ("02-line-to-gradient-descent.ipynb", "line explorer", "m", "ArrowRight"),
        ("03-matrix-forward-pass.ipynb", "matrix explorer", "column", "ArrowRight"),
        ("05-four-equations.ipynb", "saturation explorer", "z", "ArrowRight"),
        ("05-four-equations.ipynb", "learning explorer", "seed", "ArrowRight"),
        ("06-proofs.ipynb", "proof explorer", "dz", "ArrowRight"),
        ("07-algorithm.ipynb", "backpropagation step by step", "step", "ArrowRight"),
        ("09-why-backprop-is-fast.ipynb", "why backprop is fast", "h1", "ArrowRight"),
        ("10-big-picture.ipynb", "nudge explorer", "dw", "ArrowRight"),
        ("10-big-picture.ipynb", "paths explorer", "n", "ArrowRight"),
        ("11-one-neuron-per-layer.ipynb", "chain explorer", "dw", "ArrowRight"),
    ]
]
#: The targets: a key press shows its picture within this many milliseconds.
TARGET_MEDIAN_MS = 100.0
TARGET_P90_MS = 200.0

_RECORDER = """(root) => {
  const picture = root.querySelector('.bp-picture');
  window.__bpTrace = [];
  window.__bp = {latencies: [], parts: [], pictures: 0, inputs: 0, t0: 0};
  const state = window.__bp;
  root.addEventListener('input', () => { state.inputs += 1; state.t0 = performance.now(); }, true);
  new MutationObserver(() => {
    state.pictures += 1;
    const t0 = state.t0;
    state.t0 = 0;
    if (t0) requestAnimationFrame(() => setTimeout(() => {
      const painted = performance.now();
      const mark = (what) => {
        const found = window.__bpTrace.filter(([w, t]) => w === what && t >= t0);
        return found.length ? found[0][1] : NaN;
      };
      state.latencies.push(painted - t0);
      state.parts.push([mark('send') - t0, mark('arrived') - mark('send'),
                        mark('inserted') - mark('arrived'), painted - mark('inserted')]);
      window.__bpTrace = [];
    }));
  }).observe(picture, {childList: true});
}"""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _measure_one(page: Any, spec: dict[str, str], presses: int) -> dict[str, Any]:
    from explorer_ui import Explorer
    from jupyter_ui import ACTIVE_PANEL, notebook, run_all_cells

    with notebook(page, spec["notebook"], Path(tempfile.mkdtemp())):
        run_all_cells(page, spec["notebook"], timeout=180)
        explorer = Explorer(page, page.locator(ACTIVE_PANEL), spec["title"])
        explorer.wait_visible()
        explorer.root.scroll_into_view_if_needed()
        explorer.root.evaluate(_RECORDER)
        slider = explorer.control(spec["control"])
        slider.focus()
        key = spec["key"]
        back = {"ArrowRight": "ArrowLeft", "ArrowUp": "ArrowDown"}.get(key, key)
        direction = key
        for _ in range(presses):
            count = page.evaluate("window.__bp.latencies.length")
            # Every press must move the slider: turn back at either end of its range (a
            # slider may have only a few steps, as the matrix explorer's five examples).
            value, low, high = slider.evaluate("e => [+e.value, +e.min, +e.max]")
            if direction == key and value >= high:
                direction = back
            elif direction == back and value <= low:
                direction = key
            slider.press(direction)
            deadline = time.monotonic() + 5
            while page.evaluate("window.__bp.latencies.length") == count:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{spec['title']}: no new picture 5 s after a key press")
                page.wait_for_timeout(10)
            page.wait_for_timeout(120)
        latencies = page.evaluate("window.__bp.latencies")
        parts = page.evaluate("window.__bp.parts")
        drag = _drag(page, explorer, spec["control"])
    return {
        **spec,
        "presses": len(latencies),
        "median_ms": statistics.median(latencies),
        "p90_ms": _percentile(latencies, 0.9),
        "max_ms": max(latencies),
        # medians of: key press → change sent (the page), sent → picture back (the comm to
        # the kernel, bpcore's computation and drawing, and back), back → in the page (the
        # browser parses the SVG), in the page → painted (waiting for the frame, layout and paint)
        "parts_ms": {
            name: statistics.median(p[i] for p in parts)
            for i, name in enumerate(["page", "kernel round trip", "insert", "paint"])
        },
        "drag": drag,
    }


def _drag(page: Any, explorer: Any, control: str) -> dict[str, Any]:
    """Drag the thumb across the slider in 60 moves; count inputs and pictures."""
    page.evaluate("() => { window.__bp.pictures = 0; window.__bp.inputs = 0; }")
    box = explorer.control(control).bounding_box()
    y = box["y"] + box["height"] / 2
    mouse = page.mouse
    mouse.move(box["x"] + 10, y)
    mouse.down()
    started = time.monotonic()
    for step in range(60):
        mouse.move(box["x"] + 10 + (box["width"] - 20) * step / 59, y)
        page.wait_for_timeout(15)
    mouse.up()
    seconds = time.monotonic() - started
    final = explorer.value(control)
    explorer.settled("", until=lambda text: True)
    counts = page.evaluate("window.__bp")
    shown = explorer.value(control)
    return {
        "inputs": counts["inputs"],
        "pictures": counts["pictures"],
        "seconds": round(seconds, 3),
        "final_value_shown": shown == final,
    }


def bench_ui(presses: int = 30) -> dict[str, Any]:
    """Start JupyterLab and chromium, measure every explorer in EXPLORERS, stop them."""
    from conftest import CHROMIUM_ARGS, find_chromium, new_page, start_jupyter, stop_server
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        return {"skipped": "no chromium (apt-get install chromium, or set BPCORE_CHROMIUM)"}
    base = Path(tempfile.mkdtemp(prefix="bpcore-ui-"))
    shutil.copytree(ROOT / "notebooks", base / "root" / "notebooks")
    (base / "home").mkdir()
    server = start_jupyter("jupyterlab", base / "root", base / "home", "lab.log")
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            context, page = new_page(browser)
            page.goto(f"{server.url}lab/tree/notebooks?token={server.token}", wait_until="commit")
            page.locator(".jp-DirListing-content").wait_for(timeout=120_000)
            page.lab = server
            for spec in EXPLORERS:
                print(f"  {spec['title']} ({spec['notebook']}) ...", flush=True)
                results.append(_measure_one(page, spec, presses))
            context.close()
            version = browser.version
            browser.close()
    finally:
        stop_server(server.process)
    return {
        "front_end": "JupyterLab " + _version("jupyterlab"),
        "browser": f"headless chromium {version}",
        "target_median_ms": TARGET_MEDIAN_MS,
        "target_p90_ms": TARGET_P90_MS,
        "explorers": results,
    }


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)
