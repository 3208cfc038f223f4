"""What the companion's JupyterLite site runs in the browser, found as the browser finds it:
Pyodide's core runtime (from npm), Pyodide's own packages (its pyodide-lock.json), bpcore as a
wheel built from this checkout, and the pure-Python wheels from PyPI that installing
``bpcore[widgets]`` brings, resolved as micropip resolves them (Pyodide's environment markers).
tools/lite.py builds the site and the parity pins from these.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "build"
CACHE = BUILD / "lite-cache"
STAGE = BUILD / "lite-stage"
LOCK = REPO / "constraints.txt"

PYODIDE_VERSION = "314.0.6"
PYODIDE_PYTHON = "3.14"
# The core runtime's files in the npm package.
CORE_FILES = (
    "pyodide.mjs",
    "pyodide.js",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
# Provided by the Pyodide kernel itself (a shim), not from PyPI.
KERNEL_SHIMS = {"widgetsnbextension"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(str(part) for part in command), flush=True)
    result = subprocess.run([str(part) for part in command], **kwargs)
    if result.returncode != 0:
        if kwargs.get("capture_output"):
            print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        sys.exit(f"tools/lite.py: the command above failed (exit {result.returncode})")
    return result


def tool(name: str) -> str:
    """An executable of this environment (uv, jupyter), else from PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"tools/lite.py: '{name}' not found; run it through `make lite`")
    return found


# --- Pyodide's core runtime from npm --------------------------------------------------------


def pyodide_core() -> Path:
    """The npm package ``pyodide@PYODIDE_VERSION``, its core files unpacked in
    build/lite-cache/pyodide-VERSION/pyodide/pyodide/ (the layout jupyter lite build expects
    of a local Pyodide: a folder ``pyodide`` holding the distribution's ``pyodide``)."""
    target = CACHE / f"pyodide-{PYODIDE_VERSION}" / "pyodide" / "pyodide"
    if all((target / name).is_file() for name in CORE_FILES):
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    tarball = CACHE / f"pyodide-{PYODIDE_VERSION}.tgz"  # the name npm pack gives it
    if not tarball.is_file():
        # npm checks the tarball against the registry's integrity hash.
        run(["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", CACHE])
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        for name in CORE_FILES:
            member = archive.getmember(f"package/{name}")
            source = archive.extractfile(member)
            assert source is not None
            (target / name).write_bytes(source.read())
    return target


def pyodide_packages(core: Path) -> dict[str, dict]:
    """Pyodide's own packages (pyodide-lock.json), by canonical name."""
    lock = json.loads((core / "pyodide-lock.json").read_text())
    return {
        canonical(spec["name"]): spec
        for spec in lock["packages"].values()
        if spec.get("package_type", "package") == "package"
    }


# --- the Python packages --------------------------------------------------------------------


def locked_versions() -> dict[str, str]:
    """constraints.txt (the lock) for Python 3.11 and later: canonical name -> version."""
    versions = {}
    for line in LOCK.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)\s*(?:;\s*(.*))?$", line)
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and "< '3.11'" in marker:
            continue
        versions[canonical(name)] = version
    return versions


def bpcore_wheel(dest: Path) -> Path:
    """bpcore built as a wheel from this checkout (package data included)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    run([tool("uv"), "build", "--wheel", "--out-dir", dest, REPO])
    (wheel,) = dest.glob("bpcore-*.whl")
    return wheel


def download_wheels(packages: dict[str, str], dest: Path) -> list[Path]:
    """Pure-Python wheels of ``packages`` from PyPI (kept in build/lite-cache/wheels)."""
    cache = CACHE / "wheels"
    cache.mkdir(parents=True, exist_ok=True)
    wheels = []
    for name, version in sorted(packages.items()):
        pattern = re.compile(
            rf"^{re.escape(name.replace('-', '_'))}-{re.escape(version)}-.*none-any\.whl$", re.I
        )
        found = [path for path in cache.iterdir() if pattern.match(path.name)]
        if not found:
            run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--implementation=py",
                    "--abi=none",
                    "--platform=any",
                    f"--python-version={PYODIDE_PYTHON}",
                    "--dest",
                    cache,
                    f"{name}=={version}",
                ]
            )
            found = [path for path in cache.iterdir() if pattern.match(path.name)]
        if len(found) != 1:
            sys.exit(f"tools/lite.py: no pure-Python wheel of {name}=={version} on PyPI")
        wheels.append(found[0])
    dest.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(wheel, dest / wheel.name)) for wheel in wheels]


# The environment markers of Pyodide (as micropip evaluates them).
PYODIDE_MARKERS = {
    "implementation_name": "cpython",
    "implementation_version": PYODIDE_PYTHON,
    "os_name": "posix",
    "platform_machine": "wasm32",
    "platform_python_implementation": "CPython",
    "platform_release": "",
    "platform_system": "Emscripten",
    "platform_version": "",
    "python_full_version": PYODIDE_PYTHON + ".0",
    "python_version": PYODIDE_PYTHON,
    "sys_platform": "emscripten",
}


def requirements_of(wheel: Path, extras: set[str]) -> list[Requirement]:
    """The requirements a wheel declares (METADATA), as Pyodide evaluates their markers."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(name).decode())
    found = []
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        wanted = requirement.marker is None or any(
            requirement.marker.evaluate({**PYODIDE_MARKERS, "extra": extra})
            for extra in extras | {""}
        )
        if wanted:
            found.append(requirement)
    return found


def browser_packages(wheel: Path, pyodide: dict[str, dict]) -> tuple[dict[str, str], list[Path]]:
    """What installing ``bpcore[widgets]`` in the kernel brings, as micropip resolves it:
    a package Pyodide ships comes from Pyodide (with what its lock says it depends on); any
    other comes from a wheel on the site, at the lock's version, with its declared
    requirements. Returns every package with its version in the browser, and the wheels
    the site must serve (pure Python, downloaded from PyPI)."""
    locked = locked_versions()
    versions: dict[str, str] = {"bpcore": "0.1.0"}
    wheels: list[Path] = []
    todo = [(requirement, "bpcore[widgets]") for requirement in requirements_of(wheel, {"widgets"})]
    while todo:
        requirement, wanted_by = todo.pop()
        name = canonical(requirement.name)
        if name in versions or name in KERNEL_SHIMS:
            continue
        if name in pyodide:
            version = pyodide[name]["version"]
            todo += [(Requirement(dep), name) for dep in pyodide[name]["depends"]]
        elif name in locked:
            version = locked[name]
            (found,) = download_wheels({name: version}, STAGE / "pypi")
            wheels.append(found)
            todo += [(dep, name) for dep in requirements_of(found, set(requirement.extras))]
        else:
            sys.exit(
                f"tools/lite.py: {wanted_by} needs {name}, which neither Pyodide "
                f"{PYODIDE_VERSION} ships nor constraints.txt pins (run `make lock`)"
            )
        if not requirement.specifier.contains(version, prereleases=True):
            sys.exit(f"tools/lite.py: {wanted_by} needs {requirement}, the browser has {version}")
        versions[name] = version
    return dict(sorted(versions.items())), wheels
