"""App mode: `make app` serves the explorers' app (app/bpcore-explorers.ipynb) with Voila.

The test runs the Makefile's own `app` recipe (on a free port, with this interpreter's
environment, without re-checking the venv), reads the address it prints and loads the page:
every explorer is there, with no code and no exercise, the first one on the first screen;
the first one's ΔC follows its Δw slider to bpcore's value, by keyboard and by mouse; and
every explorer's picture changes when its first control moves, with no error shown.
"""

from __future__ import annotations

import re
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, free_port, private_jupyter_env, start_server, stop_server
from explorer_ui import Explorer, NudgeReadout, same_number
from jupyter_ui import STDERR_OUTPUT

import bpcore as bp
from bpcore.examples import book_network

pytestmark = pytest.mark.browser

ADDRESS = re.compile(r"bpcore app: (http://\S+/)")


def wait_for_address(log: Path, process, timeout: float = 60.0) -> str:
    """The address `make app` prints, once Voila accepts connections there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if process.poll() is not None:
            pytest.fail(f"make app exited with {process.returncode}:\n{text[-3000:]}")
        match = ADDRESS.search(text)
        if match:
            host, port = re.match(r"http://([^:/]+):(\d+)/", match.group(1)).groups()
            try:
                with socket.create_connection((host, int(port)), timeout=1):
                    return match.group(1)
            except OSError:
                pass
        time.sleep(0.25)
    pytest.fail(f"make app did not serve within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def app(browser, tmp_path_factory, artifacts):
    if shutil.which("make") is None:
        pytest.skip("app mode is started with `make app`; make is not installed")
    base = tmp_path_factory.mktemp("voila-home")
    port = free_port()
    command = [
        "make",
        "--no-print-directory",
        "-C",
        str(REPO),
        "-o",
        "venv",  # the environment running this test is the one to use, as it is
        "app",
        f"APP_PORT={port}",
        f"VENV={Path(sys.prefix)}",
    ]
    server = start_server(
        command,
        url="",
        token="",
        log=base / "voila.log",
        env=private_jupyter_env(base),
        cwd=REPO,
    )
    try:
        address = wait_for_address(server.log, server.process)
        assert address == f"http://127.0.0.1:{port}/"
        yield address
    finally:
        stop_server(server.process)
        shutil.copyfile(server.log, artifacts / "voila.log")


#: Every explorer of the app, by title, with the slider a reader moves first.
APP_EXPLORERS = [
    ("nudge explorer", "dw"),
    ("backpropagation step by step", "step"),
    ("paths explorer", None),
    ("proof explorer", "dz"),
    ("matrix explorer", None),
    ("learning explorer", "seed"),  # η changes only the next steps, not the picture
    ("saturation explorer", "z"),
    ("why backprop is fast", None),
    ("chain explorer", "x"),
    ("line explorer", "m"),
    ("digits nudge explorer", "dw"),
]


def test_app_serves_every_explorer_without_code(app, page, artifacts):
    page.goto(app, timeout=120_000)
    first = Explorer(page, page, "nudge explorer")
    first.wait_visible(timeout=180)
    Explorer(page, page, "digits nudge explorer").wait_visible(timeout=180)
    page.screenshot(path=str(artifacts / "app-0-loaded.png"), full_page=False)

    # An app, not a notebook: no code cell, no editor, no source text, no exercise; the
    # first explorer's picture is on the first screen; every link is a heading's anchor or the book.
    assert page.locator(".jp-InputArea-editor, .cm-editor").count() == 0
    assert "NudgeWidget(" not in page.content() and "exercises." not in page.content()
    errors = [t for t in page.locator(STDERR_OUTPUT).all_inner_texts() if "Traceback" in t]
    assert not errors, "\n---\n".join(errors)
    assert "There was an error when executing cell" not in page.inner_text("body")
    box = first.picture.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"], box
    links = page.locator("a[href]").evaluate_all("(links) => links.map(a => a.href)")
    elsewhere = [link for link in links if not link.startswith(f"{app}#")]  # headings' anchors
    assert all(link.startswith("http://neuralnetworksanddeeplearning.com") for link in elsewhere)
    assert page.locator(".bp-explorer").count() == len(APP_EXPLORERS)


def test_the_first_explorer_moves_by_keyboard_and_mouse_to_bpcores_numbers(app, page, artifacts):
    page.goto(app, timeout=120_000)
    explorer = Explorer(page, page, "nudge explorer")
    explorer.wait_visible(timeout=180)
    example = book_network()
    before = explorer.readout()
    assert NudgeReadout.parse(before).parameter == "w^2_10"

    # keyboard: five steps of Δw_max / 200 to the left
    target = explorer.value("dw") - 5 * 0.005
    explorer.press("dw", "ArrowLeft", 5)
    text = explorer.settled(before, until=lambda t: abs(NudgeReadout.parse(t).dw - target) < 1e-4)
    explorer.root.screenshot(path=str(artifacts / "app-1-keyboard.png"))
    after = NudgeReadout.parse(text)
    truth = bp.nudge(example.net, example.x, example.y, layer=2, j=1, k=0, dw=target)
    assert same_number(after.dC, truth.dC), (after, truth.dC)
    assert same_number(after.dC_linear, truth.dC_linear), (after, truth.dC_linear)

    # mouse: drag the thumb to the right
    before, start = text, explorer.value("dw")
    explorer.drag("dw", 60)
    after = NudgeReadout.parse(explorer.settled(before))
    explorer.root.screenshot(path=str(artifacts / "app-2-drag.png"))
    dw = explorer.value("dw")
    assert dw > start + 0.1
    truth = bp.nudge(example.net, example.x, example.y, layer=2, j=1, k=0, dw=dw)
    assert same_number(after.dC, truth.dC), (after, truth.dC)
    assert not page.console_errors, page.console_errors


def test_every_explorer_of_the_app_answers_the_keyboard(app, page, artifacts):
    page.goto(app, timeout=120_000)
    Explorer(page, page, "digits nudge explorer").wait_visible(timeout=180)
    for title, control in APP_EXPLORERS:
        explorer = Explorer(page, page, title)
        explorer.root.scroll_into_view_if_needed()
        before, picture = explorer.readout(), explorer.svg()
        if control is None:  # moved by its first control, whatever it is
            target = explorer.root.locator("input[type=range], select").first
            target.focus()
            target.press(
                "ArrowRight" if target.evaluate("e => e.tagName") == "INPUT" else "ArrowDown"
            )
        else:
            explorer.press(control, "ArrowRight", 2)
        explorer.settled(before)
        explorer.root.screenshot(
            path=str(artifacts / f"app-explorer-{title.replace(' ', '-')}.png")
        )
        assert explorer.svg() != picture, title
        assert explorer.message.inner_text() == "", (title, explorer.message.inner_text())
    assert not page.console_errors, page.console_errors
