"""Smoke test of the JupyterLite site that `make lite` builds in build/lite/.

The site is served from a temporary copy on 127.0.0.1 (`python -m http.server`) and opened in
the system chromium; nothing is fetched from anywhere else (the page's requests to other
hosts are aborted and counted). The Pyodide kernel starts from Pyodide's core runtime, which
the site holds in static/pyodide/ (the npm package ``pyodide``; its pyodideUrl setting points
there). The pure-Python packages the kernel itself loads from Pyodide's distribution
(micropip, IPython, jedi, traitlets, ...) are not in that npm package: the copy's
pyodide-lock.json is pointed at the same releases' wheels from PyPI, downloaded by pip
(cached in build/lite-cache/smoke-wheels/). Pyodide's compiled packages (numpy, matplotlib)
are on no registry this machine reaches, so bpcore cannot be imported here: the test
installs bpcore's wheel and ipywidgets and anywidget from the site's own piplite index,
checks what was installed, and checks that a slider's and an anywidget's Python callbacks
update their widgets.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, free_port, new_page, start_server, stop_server, unavailable

pytestmark = pytest.mark.browser

SITE = REPO / "build" / "lite"
SMOKE_WHEELS = REPO / "build" / "lite-cache" / "smoke-wheels"
START_HERE = "01-start-here.ipynb"
# What the kernel loads from Pyodide's distribution as it starts (its worker: micropip, then
# ipykernel, comm, pyodide-kernel, jedi and ipython through piplite), and what the widgets
# need from it; with the dependencies pyodide-lock.json gives them.
FROM_PYODIDE = ["micropip", "packaging", "ipython", "jedi", "traitlets", "typing-extensions"]

SMOKE_CODE = r'''
import sys, importlib.metadata as md, importlib.util, json
import piplite
await piplite.install(["ipywidgets", "anywidget"])
await piplite.install("bpcore", deps=False)  # numpy and matplotlib are not served here
import ipywidgets as W, anywidget, traitlets
spec = importlib.util.find_spec("bpcore")
root = spec.submodule_search_locations[0]
import os
facts = {
    "platform": sys.platform,
    "bpcore": md.version("bpcore"),
    "requires": sorted(md.requires("bpcore")),
    "explorer_js": os.path.isfile(os.path.join(root, "widgets", "explorer.js")),
    "digits": os.path.isfile(os.path.join(root, "optdigits.csv.gz")),
    "ipywidgets": W.__version__,
    "anywidget": md.version("anywidget"),
}
print("SMOKE-FACTS " + json.dumps(facts))

slider = W.IntSlider(value=0, min=0, max=10, description="smoke n")
square = W.Label("n² = 0")
square.add_class("smoke-square")
slider.observe(lambda change: setattr(square, "value", f"n² = {change['new'] ** 2}"), "value")

class Counter(anywidget.AnyWidget):
    _esm = """
    export default { render({ model, el }) {
      const button = document.createElement("button");
      button.className = "smoke-counter";
      const show = () => { button.textContent = `clicked ${model.get("count")}`; };
      button.addEventListener("click", () => {
        model.set("count", model.get("count") + 1); model.save_changes(); });
      model.on("change:count", show); show(); el.appendChild(button);
    } };
    """
    count = traitlets.Int(0).tag(sync=True)

counter = Counter()
echo = W.Label("python saw 0")
echo.add_class("smoke-echo")
counter.observe(lambda change: setattr(echo, "value", f"python saw {change['new']}"), "count")
W.VBox([slider, square, counter, echo])
'''


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lock_closure(packages: dict, roots: list[str]) -> list[str]:
    def canonical(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    seen: list[str] = []
    todo = [canonical(root) for root in roots]
    while todo:
        name = todo.pop()
        if name in seen or name not in packages:
            continue
        seen.append(name)
        todo += [canonical(dep) for dep in packages[name]["depends"]]
    return sorted(seen)


def pypi_wheel(name: str, version: str) -> Path:
    """The pure-Python wheel of ``name==version`` from PyPI (pip download, cached)."""
    SMOKE_WHEELS.mkdir(parents=True, exist_ok=True)
    stem = re.compile(rf"^{re.escape(name.replace('-', '_'))}-{re.escape(version)}-", re.I)
    found = [p for p in SMOKE_WHEELS.glob("*.whl") if stem.match(p.name)]
    if not found:
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--only-binary=:all:", "--implementation=py", "--abi=none", "--platform=any",
            "--python-version=3.14", "--dest", str(SMOKE_WHEELS), f"{name}=={version}",
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            pytest.fail(f"pip could not fetch {name}=={version}:\n{result.stderr}", pytrace=False)
        found = [p for p in SMOKE_WHEELS.glob("*.whl") if stem.match(p.name)]
    assert len(found) == 1, found
    return found[0]


def point_lock_at_pypi_wheels(site: Path) -> list[str]:
    """Put PyPI's wheels for the pure packages the kernel loads from Pyodide's distribution
    beside the core runtime, and point pyodide-lock.json at them (name, file, sha256)."""
    lock_path = site / "static" / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text())
    names = lock_closure(lock["packages"], FROM_PYODIDE)
    for name in names:
        spec = lock["packages"][name]
        if (lock_path.parent / spec["file_name"]).is_file():
            continue
        wheel = pypi_wheel(name, spec["version"])
        with zipfile.ZipFile(wheel) as archive:
            top = {part.split("/")[0] for part in archive.namelist()}
        assert any(t.endswith(".dist-info") for t in top), wheel
        shutil.copy2(wheel, lock_path.parent / wheel.name)
        spec.update(file_name=wheel.name, sha256=sha256(wheel))
    lock_path.write_text(json.dumps(lock))
    return names


@pytest.fixture(scope="module")
def lite_site(tmp_path_factory, artifacts):
    if not (SITE / "index.html").is_file():
        unavailable("no JupyterLite site in build/lite/ (run `make lite` first)")
    site = tmp_path_factory.mktemp("lite") / "site"
    shutil.copytree(SITE, site)
    point_lock_at_pypi_wheels(site)
    port = free_port()
    server = start_server(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
        url=f"http://127.0.0.1:{port}/",
        token="",
        log=site.parent / "http.log",
        env={"PATH": str(Path(sys.executable).parent), "PYTHONUNBUFFERED": "1"},
        cwd=site,
    )
    try:
        from conftest import wait_until_ready

        wait_until_ready(server, "index.html", timeout=30)
        yield server
    finally:
        stop_server(server.process)
        shutil.copyfile(server.log, artifacts / "lite-http.log")


def test_site_holds_what_the_kernel_and_the_notebooks_need():
    if not (SITE / "index.html").is_file():
        unavailable("no JupyterLite site in build/lite/ (run `make lite` first)")
    config = json.loads((SITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert (SITE / "static" / "pyodide" / name).is_file(), name
    extensions = {extension["name"] for extension in config["federated_extensions"]}
    assert {"@jupyter-widgets/jupyterlab-manager", "anywidget"} <= extensions
    wheels = {p.name.split("-")[0].lower() for p in (SITE / "pypi").glob("*.whl")}
    assert {"bpcore", "ipywidgets", "anywidget", "comm", "jupyterlab_widgets"} <= wheels
    index = json.loads((SITE / "pypi" / "all.json").read_text())
    assert "bpcore" in index and "ipywidgets" in index
    notebooks = sorted(p.name for p in (SITE / "files" / "notebooks").glob("*.ipynb"))
    assert notebooks == sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert "path=notebooks/01-start-here.ipynb" in (SITE / "index.html").read_text()
    # Nothing on the site asks a CDN for the kernel or the extensions.
    assert "cdn.jsdelivr" not in (SITE / "jupyter-lite.json").read_text()


def test_site_opens_on_start_here_and_runs_widgets(browser, lite_site, artifacts):
    context, page = new_page(browser)
    elsewhere: list[str] = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("http://127.0.0.1:", "blob:", "data:"))
            else elsewhere.append(request.url)
        ),
    )
    logs: list[str] = []
    page.on("console", lambda message: logs.append(f"{message.type}: {message.text}"))
    try:
        page.goto(lite_site.url, wait_until="commit")
        # The front page forwards to JupyterLab with 01-start-here open.
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
        tab.filter(has_text=START_HERE).wait_for(timeout=120_000)
        panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        panel.locator(".jp-Cell").first.wait_for(timeout=60_000)
        assert "lab/index.html" in page.url

        # The kernel: Python (Pyodide), started from the site's own static/pyodide/.
        kernel = page.locator("#jp-main-statusbar").get_by_text(re.compile(r"Pyodide.*Idle"))
        kernel.first.wait_for(timeout=180_000)

        # A new cell above the first one, with the smoke code, run with Shift+Enter.
        panel.locator(".jp-Cell").first.click()
        page.keyboard.press("Escape")
        page.keyboard.press("a")
        editor = panel.locator(".jp-Cell").first.locator(".cm-content")
        editor.click()
        page.keyboard.insert_text(SMOKE_CODE.strip())
        page.keyboard.press("Shift+Enter")

        first = panel.locator(".jp-Cell").first
        facts_line = first.locator(".jp-OutputArea-output", has_text="SMOKE-FACTS")
        failure = first.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        deadline = time.monotonic() + 240
        while facts_line.count() == 0:
            if failure.count() and "Error" in failure.first.inner_text():
                pytest.fail("the smoke cell failed:\n" + failure.first.inner_text(), pytrace=False)
            assert time.monotonic() < deadline, "no output from the smoke cell in 240 s"
            page.wait_for_timeout(500)
        facts = json.loads(facts_line.inner_text().split("SMOKE-FACTS", 1)[1].strip())
        assert facts["platform"] == "emscripten"
        assert facts["bpcore"] == "0.1.0"
        assert facts["explorer_js"] and facts["digits"], facts
        assert any(r.startswith("ipywidgets") and "widgets" in r for r in facts["requires"])
        assert facts["ipywidgets"].startswith("8.")

        slider = first.locator(".widget-slider [role=slider], .widget-slider .noUi-handle").first
        slider.wait_for(timeout=60_000)
        square = first.locator(".smoke-square")
        assert square.inner_text().strip() == "n² = 0"
        slider.focus()
        for _ in range(3):
            slider.press("ArrowRight")
        page.wait_for_function(
            "e => e.textContent.includes('n² = 9')", arg=square.element_handle(), timeout=30_000
        )

        counter = first.locator("button.smoke-counter")
        counter.click()
        counter.click()
        echo = first.locator(".smoke-echo")
        page.wait_for_function(
            "e => e.textContent.includes('python saw 2')", arg=echo.element_handle(), timeout=30_000
        )
        assert counter.inner_text() == "clicked 2"
        page.screenshot(path=str(artifacts / "lite-smoke.png"))
        assert not elsewhere, f"the site asked other hosts: {elsewhere[:5]}"
    except BaseException:
        page.screenshot(path=str(artifacts / "FAILED-lite-smoke.png"))
        (artifacts / "lite-console.log").write_text("\n".join(logs))
        raise
    finally:
        context.close()
