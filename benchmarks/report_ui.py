"""RESULTS.md's section on the explorers' latency in the browser (ui_latency.py)."""

from __future__ import annotations

from typing import Any


def ui_latency(ui: dict[str, Any]) -> list[str]:
    """A table of key-press-to-picture times per explorer, with the targets' verdicts."""
    if "skipped" in ui:
        return ["## Explorers in the browser", "", f"Not measured: {ui['skipped']}.", ""]
    median, p90 = ui["target_median_ms"], ui["target_p90_ms"]
    lines = [
        "## Explorers in the browser",
        "",
        f"From a key press on an explorer's slider to its new picture painted, in "
        f"{ui['front_end']} in {ui['browser']} on this machine (each press alone; the time "
        "runs from the input event the key press makes to the first task after the browser "
        "painted the frame with the new picture). "
        f"Targets: median ≤ {median:g} ms, 90th percentile ≤ {p90:g} ms. "
        "The parts: the page's own work before it sends the change; the round trip to the "
        "kernel (the comm, bpcore's computation and drawing, the picture back); the browser "
        "parsing the SVG into the page; waiting for the next frame, its layout and paint. "
        "Then a drag across the slider in 60 mouse moves, each of which Playwright lets the "
        "browser "
        "handle before the next: the page sends one change at a time and skips to the latest, "
        "so it draws fewer pictures than moves when the moves outrun the pictures, and the "
        "last picture is the slider's last value.",
        "",
        "| notebook | explorer | presses | median | p90 | max | verdict "
        "| median parts: page · kernel round trip · insert · paint | drag: moves → pictures |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for row in ui["explorers"]:
        ok = row["median_ms"] <= median and row["p90_ms"] <= p90
        drag = row["drag"]
        last = "last value shown" if drag["final_value_shown"] else "LAST VALUE NOT SHOWN"
        lines.append(
            f"| {row['notebook']} | {row['title']} (`{row['control']}`) | {row['presses']} | "
            f"{row['median_ms']:.0f} ms | {row['p90_ms']:.0f} ms | {row['max_ms']:.0f} ms | "
            f"{'met' if ok else 'missed'} | {_parts(row)} | "
            f"{drag['inputs']} → {drag['pictures']} in {drag['seconds']:.1f} s, {last} |"
        )
    return [*lines, ""]


def _parts(row: dict[str, Any]) -> str:
    parts = row.get("parts_ms")
    if not parts:
        return "—"
    return " · ".join(f"{value:.0f}" for value in parts.values()) + " ms"
