"""The lock (constraints.txt), the Makefile's set-up and lab targets, tools/lite.py's logic,
the deploy workflow and CI's order of steps. The site itself is built by `make lite` and
tested in a browser by tests/browser/test_lite.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import pyodide_packages  # noqa: E402

import lite  # noqa: E402

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

LOCK = REPO / "constraints.txt"
EXCLUDED = {"torch"}  # tools/lock-excludes.txt


def locked_here() -> dict[str, str]:
    """constraints.txt's pins that apply to this interpreter (markers evaluated)."""
    pins = {}
    for line in LOCK.read_text().splitlines():
        if not line or line.startswith((" ", "#", "-")):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            (spec,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def wanted() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    lines = [
        line.split(" #")[0].strip()
        for line in (REPO / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "-"))
    ]
    lines += project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(line) for line in lines]


def test_lock_pins_every_requirement_for_this_python():
    pins = locked_here()
    for requirement in wanted():
        name = canonicalize_name(requirement.name)
        if name in EXCLUDED or (requirement.marker and not requirement.marker.evaluate()):
            continue
        assert name in pins, f"{name} is not in constraints.txt: run `make lock LOCK_UPGRADE=`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside {requirement}: run `make lock`"
        )


def test_lock_is_universal_and_forces_no_cuda_torch():
    text = LOCK.read_text()
    assert "make lock" in text.splitlines()[1], "constraints.txt is written by `make lock`"
    names = {canonicalize_name(Requirement(ln).name) for ln in text.splitlines() if "==" in ln}
    assert not {n for n in names if n == "torch" or n.startswith(("nvidia-", "triton"))}
    assert "bpcore" not in names and "-e " not in text
    # Pins for Python 3.10 too (numpy 2.3+ needs 3.11), so `make venv` works on 3.10.
    assert "python_full_version < '3.11'" in text
    excludes = (REPO / "tools" / "lock-excludes.txt").read_text().split()
    assert "torch" in excludes


def make_dry_run(*args: str) -> str:
    if not shutil.which("make"):
        pytest.skip("no make")
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.replace("\\\n", " ")  # continued lines as one


def test_make_lab_takes_the_port_and_keeps_allow_root_with_lab_args():
    out = make_dry_run("lab", "LAB_PORT=9123", "LAB_ARGS=--no-browser")
    (line,) = [ln for ln in out.splitlines() if "jupyter lab" in ln]
    assert "--ServerApp.port=9123" in line and "--no-browser" in line
    assert ("--allow-root" in line) == (os.geteuid() == 0)
    default = make_dry_run("lab")
    assert "--ServerApp.port=8888" in default


def test_installs_are_constrained_by_the_lock():
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"UV_INSTALL\s*=.*-c \$\(LOCK\)", makefile)
    assert re.search(r"\$\(STAMP\):.*\$\(LOCK\)", makefile), "a new lock reinstalls .venv"
    assert "-r requirements.txt" in makefile and "-e '.[test]'" in makefile


# --- tools/lite.py ------------------------------------------------------------------------


def fake_wheel(path: Path, requires: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        metadata = "Metadata-Version: 2.1\nName: fake\nVersion: 1.0\n"
        metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
        archive.writestr("fake-1.0.dist-info/METADATA", metadata)
    return path


def test_requirements_are_read_as_pyodide_reads_them(tmp_path):
    wheel = fake_wheel(
        tmp_path / "fake-1.0-py3-none-any.whl",
        [
            "numpy",
            'pexpect>4.3; sys_platform != "win32" and sys_platform != "emscripten"',
            'ipywidgets>=8; extra == "widgets"',
            'pytest; extra == "test"',
            'tomli; python_version < "3.11"',
        ],
    )
    names = [r.name for r in pyodide_packages.requirements_of(wheel, {"widgets"})]
    assert names == ["numpy", "ipywidgets"]
    assert [r.name for r in pyodide_packages.requirements_of(wheel, set())] == ["numpy"]


def test_lock_versions_are_read_for_python_311_and_later():
    versions = pyodide_packages.locked_versions()
    pins = locked_here() if sys.version_info >= (3, 11) else {}
    assert versions["numpy"] == pins.get("numpy", versions["numpy"])
    assert "bpcore" not in versions and "ipywidgets" in versions


def test_bpcore_depends_on_its_widgets_in_the_pyodide_lock(tmp_path):
    wheel = fake_wheel(
        tmp_path / "bpcore-0.1.0-py3-none-any.whl",
        ["numpy", "tqdm", 'ipywidgets>=8; extra == "widgets"', 'anywidget; extra == "widgets"'],
    )
    lock = tmp_path / "pyodide-lock.json"
    packages = {
        name: {"name": name, "depends": []} for name in ("numpy", "tqdm", "ipywidgets", "anywidget")
    }
    packages["bpcore"] = {"name": "bpcore", "depends": ["numpy", "tqdm"]}
    lock.write_text(json.dumps({"info": {}, "packages": packages}))
    lite.bpcore_loads_its_widgets(lock, wheel)
    depends = json.loads(lock.read_text())["packages"]["bpcore"]["depends"]
    assert depends == ["anywidget", "ipywidgets", "numpy", "tqdm"]


def test_pyodide_markers_are_a_full_environment():
    assert set(pyodide_packages.PYODIDE_MARKERS) == set(default_environment())
    assert pyodide_packages.PYODIDE_MARKERS["sys_platform"] == "emscripten"


def test_site_copies_drop_the_badge_line_and_nothing_else():
    import first_cell

    assert lite.BADGE_MARK == first_cell.BADGE_MARK
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        original = json.loads(path.read_text())
        copy = lite.without_badges(json.loads(path.read_text()))
        assert len(copy["cells"]) == len(original["cells"])
        changed = [
            (a, b) for a, b in zip(original["cells"], copy["cells"]) if a["source"] != b["source"]
        ]
        assert len(changed) == 1, path.name  # the title cell
        before, after = ("".join(c["source"]) for c in changed[0])
        assert lite.BADGE_MARK in before and lite.BADGE_MARK not in after
        assert "https://" not in after.split("\n\n", 1)[0]  # the title stands alone
        kept = [line for line in before.split("\n") if lite.BADGE_MARK not in line]
        assert after == "\n".join(kept).replace("\n\n\n", "\n\n", 1)


def test_lite_build_is_pinned():
    reqs = (REPO / "lite" / "requirements.txt").read_text()
    assert "jupyterlite-core[contents]==0.8.6" in reqs
    assert "jupyterlite-pyodide-kernel==0.8.6" in reqs
    assert pyodide_packages.PYODIDE_VERSION == "314.0.6"


# --- the deploy workflow and CI -----------------------------------------------------------


def test_deploy_workflow_builds_the_locked_site_and_publishes_it_on_pages():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "lite.yml").read_text())
    trigger = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert trigger["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    steps = workflow["jobs"]["build"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "make lite LITE_ARGS=--lock" in runs
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"] == "build/lite"
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy)


def test_ci_builds_the_site_before_the_tests_and_runs_parity_after():
    script = (REPO / ".ci" / "run").read_text()
    steps = [ln.strip() for ln in script.splitlines() if re.match(r"\s*make \w", ln)]
    names = [step.split()[1] for step in steps]
    assert names.index("lite") < names.index("test") < names.index("parity"), steps
