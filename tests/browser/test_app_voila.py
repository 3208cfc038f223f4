"""App mode: `make app` serves the big-picture explorer with Voila, and it works in a browser.

The test runs the Makefile's own `app` recipe (on a free port, with this interpreter's
environment, without re-checking the venv), reads the address it prints, loads the page and
moves the Δw slider: the ΔC readout must become bpcore's value for the new Δw.
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
from explorer_ui import Explorer, same_number
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


def test_app_serves_the_explorer_without_code(app, page, artifacts):
    page.goto(app, timeout=120_000)
    explorer = Explorer(page, page)
    explorer.wait_visible(timeout=120)
    page.screenshot(path=str(artifacts / "app-0-loaded.png"), full_page=False)

    # Voila shows outputs only: no code cell, no editor, no source text.
    assert page.locator(".jp-InputArea-editor, .cm-editor").count() == 0
    assert "NudgeWidget(" not in page.content()
    errors = [t for t in page.locator(STDERR_OUTPUT).all_inner_texts() if "Traceback" in t]
    assert not errors, "\n---\n".join(errors)
    assert "There was an error when executing cell" not in page.inner_text("body")

    example = book_network()
    before, picture = explorer.readout(), explorer.image_src()
    assert before.parameter == "w^2_10"

    # keyboard: five steps of Δw_max / 200 to the left
    target = explorer.slider_value() - 5 * 0.005
    explorer.press("ArrowLeft", 5)
    after = explorer.settled(before, until=lambda r: abs(r.dw - target) < 1e-4)
    explorer.root.screenshot(path=str(artifacts / "app-1-keyboard.png"))
    truth = bp.nudge(example.net, example.x, example.y, layer=2, j=1, k=0, dw=target)
    assert after.dC != before.dC
    assert same_number(after.dC, truth.dC), (after, truth.dC)
    assert same_number(after.dC_linear, truth.dC_linear), (after, truth.dC_linear)
    assert explorer.image_src() != picture

    # mouse: drag the handle to the right
    before, picture = after, explorer.image_src()
    start = explorer.slider_value()
    explorer.drag(90)
    after = explorer.settled(before)
    explorer.root.screenshot(path=str(artifacts / "app-2-drag.png"))
    dw = explorer.slider_value()
    assert dw > start + 0.1
    truth = bp.nudge(example.net, example.x, example.y, layer=2, j=1, k=0, dw=dw)
    assert same_number(after.dC, truth.dC), (after, truth.dC)
    assert explorer.image_src() != picture
    assert not page.console_errors, page.console_errors
