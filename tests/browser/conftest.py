"""Fixtures for the browser tests: a real JupyterLab (or Voila) server and a headless chromium.

Everything started here is started by this process, in its own session (process group), and
stopped in a finalizer that also runs when a test fails:

* ``browser``: the system chromium, driven by Playwright for Python through
  ``executable_path`` (never ``playwright install``). Without chromium the tests are skipped
  with a message saying how to enable them; under ``CI=true`` that is a failure instead.
* ``lab``: ``python -m jupyterlab`` from this interpreter's environment on 127.0.0.1, a free
  port, a random token, ``--no-browser``, ``--allow-root`` only when running as root, and
  private JUPYTER_* directories holding settings that silence news and update checks, start
  the kernel by themselves, turn autosave off and render every cell (no virtual scrolling).
  The notebooks are served from a temporary copy, so nothing a test does can touch
  ``notebooks/``.
* ``lab_page``: one JupyterLab page for the lab tests (``open_lab`` makes more).
* ``start_server`` / ``stop_server`` (functions): start a server in a new session; stop it with
  SIGTERM to its group, then SIGKILL to the group and to every descendant still alive (kernels
  run in sessions of their own). Used by ``lab`` and by the Voila (app-mode) test.

Screenshots go to ``test-artifacts/browser/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "test-artifacts" / "browser"

# The flags this machine's closed network needs (no background requests) plus headless basics.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

HOW_TO_ENABLE = (
    "browser tests need a chromium and the 'playwright' Python package (never run "
    "`playwright install`; the tests use the system browser). On Debian/Ubuntu: "
    "`sudo apt-get install chromium`, then `pip install -e '.[test]'`; or point "
    "BPCORE_CHROMIUM at a Chrome/Chromium executable. Under CI=true they are required."
)

# JupyterLab user settings written into the private settings directory.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker": {
        "autoStartDefaultKernel": True,
        # Every cell stays in the DOM, so outputs far down the page can be inspected.
        "windowingMode": "none",
    },
    # The tests run every cell; nothing may be written back, not even to the temporary copy.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # No listing requests to PyPI from the extension manager.
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def unavailable(reason: str) -> None:
    """Skip on a user's machine, fail in CI: a missing browser must never pass CI silently."""
    message = f"{reason}. {HOW_TO_ENABLE}"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def find_chromium() -> str | None:
    explicit = os.environ.get("BPCORE_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A server process started by a test, in its own session."""

    process: subprocess.Popen
    url: str  # base URL, ends with "/"
    token: str
    log: Path

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


def _descendants(pid: int) -> list[int]:
    try:
        import psutil
    except ImportError:  # psutil comes with ipykernel; without it only the group is signalled
        return []
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


def _signal_all(pids: Sequence[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def stop_server(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop ``process``, its process group and every descendant (kernels run in sessions of
    their own, so the group alone would miss them). SIGTERM first, SIGKILL after ``grace``."""
    children = _descendants(process.pid)
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)
    # The server shuts its kernels down on SIGTERM; whatever is left goes now.
    deadline = time.monotonic() + 3
    while children and time.monotonic() < deadline:
        children = [pid for pid in children if _alive(pid)]
        if children:
            time.sleep(0.1)
    _signal_all(children, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def wait_until_ready(server: Server, path: str, timeout: float = 90.0) -> None:
    """Poll ``url + path`` until it answers 200; fail with the server's log otherwise."""
    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"server exited with {server.process.returncode} before it was ready:\n"
                f"{server.log_tail()}",
                pytrace=False,
            )
        request = urllib.request.Request(server.url + path)
        if server.token:
            request.add_header("Authorization", f"token {server.token}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.25)
    pytest.fail(
        f"server not ready after {timeout:.0f} s ({last_error}):\n{server.log_tail()}",
        pytrace=False,
    )


def start_server(
    command: Sequence[str],
    *,
    url: str,
    token: str,
    log: Path,
    env: dict[str, str],
    cwd: Path,
) -> Server:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: os.killpg stops it and its children
        )
    return Server(process=process, url=url, token=token, log=log)


def private_jupyter_env(base: Path) -> dict[str, str]:
    """Environment with private Jupyter/IPython directories under ``base`` and the lab
    settings above; the interpreter's own environment comes first on PATH."""
    env = dict(os.environ)
    dirs = {
        "JUPYTER_CONFIG_DIR": base / "config",
        "JUPYTER_DATA_DIR": base / "data",
        "JUPYTER_RUNTIME_DIR": base / "runtime",
        "JUPYTERLAB_WORKSPACES_DIR": base / "workspaces",
        "JUPYTERLAB_SETTINGS_DIR": base / "settings",
        "IPYTHONDIR": base / "ipython",
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    for plugin, values in LAB_SETTINGS.items():
        target = dirs["JUPYTERLAB_SETTINGS_DIR"] / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2))
    env.pop("JUPYTER_PATH", None)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def _is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:"))


def new_page(browser):
    """A browser context (1400×1000) and its page. Requests anywhere but 127.0.0.1 are
    aborted (Voila would fetch MathJax from a CDN); uncaught page errors are collected in
    ``page.console_errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    context.route(lambda url: not _is_local(url), lambda route: route.abort())
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        unavailable("no chromium found (looked for BPCORE_CHROMIUM, /usr/bin/chromium, PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package 'playwright' is not installed")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
    except Exception as error:
        playwright.stop()
        unavailable(f"chromium at {executable} did not start: {error}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture
def page(browser, request, artifacts):
    """A fresh browser context and page; on failure a screenshot is saved as evidence."""
    context, page = new_page(browser)
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            name = request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
            try:
                page.screenshot(path=str(artifacts / f"FAILED-{name}.png"), full_page=True)
            except Exception:  # noqa: BLE001 - evidence only; the test already failed
                pass
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A temporary copy of notebooks/ and benchmarks/results.json (plus anything a test adds),
    served as the lab's root."""
    root = tmp_path_factory.mktemp("lab-root")
    if NOTEBOOKS.is_dir():
        shutil.copytree(
            NOTEBOOKS,
            root / "notebooks",
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
    else:
        (root / "notebooks").mkdir()
    # Notebook 08 reads the benchmark's results beside the notebooks, as in the repository.
    results = NOTEBOOKS.parent / "benchmarks" / "results.json"
    if results.is_file():
        (root / "benchmarks").mkdir()
        shutil.copy2(results, root / "benchmarks" / results.name)
    return root


def start_jupyter(app: str, root: Path, home: Path, log_name: str) -> Server:
    """``python -m <app>`` (jupyterlab, notebook) serving ``root`` on 127.0.0.1:<free port>
    with a random token and private settings under ``home``, ready to answer; stop it with
    ``stop_server(server.process)``."""
    port, token = free_port(), secrets.token_hex(24)
    command = [
        sys.executable,
        "-m",
        app,
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        *root_flag(),
    ]
    server = start_server(
        command,
        url=f"http://127.0.0.1:{port}/",
        token=token,
        log=home / log_name,
        env=private_jupyter_env(home),
        cwd=root,
    )
    try:
        wait_until_ready(server, "api/status")
    except BaseException:
        stop_server(server.process)
        raise
    return server


@pytest.fixture(scope="session")
def lab(browser, lab_root, tmp_path_factory, artifacts) -> Iterator[Server]:
    """JupyterLab from this environment on 127.0.0.1:<free port> with a random token."""
    server = start_jupyter(
        "jupyterlab", lab_root, tmp_path_factory.mktemp("jupyter-home"), "jupyterlab.log"
    )
    try:
        yield server
    finally:
        stop_server(server.process)
        shutil.copyfile(server.log, artifacts / "jupyterlab.log")


def open_lab(browser, lab: Server, workspace: str, wait: bool = True):
    """A page with JupyterLab in its own workspace, the file browser showing notebooks/.
    Returns (context, page); close the context when done. ``wait=False`` returns as soon as
    loading has begun (call ``page.wait_for_lab()`` before using it)."""
    context, page = new_page(browser)
    page.lab = lab  # the helpers ask the server which kernel a notebook has
    page.lab_url = f"{lab.url}lab/workspaces/{workspace}/tree/notebooks?token={lab.token}"
    page.goto(page.lab_url, wait_until="commit")
    page.wait_for_lab = lambda: page.locator(".jp-DirListing-content").wait_for(timeout=90_000)
    if wait:
        page.wait_for_lab()
    return context, page


@pytest.fixture(scope="session")
def lab_page(browser, lab):
    """One JupyterLab page for all lab tests (loading the app once saves ~10 s per notebook).
    Tests open and close notebooks in it."""
    context, page = open_lab(browser, lab, "bpcore-tests")
    try:
        yield page
    finally:
        context.close()
