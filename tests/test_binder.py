"""The Binder (repo2docker) configuration is consistent with requirements.txt and the notebooks.

repo2docker reads its configuration files from the repository root unless a ``binder/`` or
``.binder/`` folder exists, in which case it reads only that folder. This repository keeps
them at the root: ``requirements.txt`` (``pip install -r``; its ``-e .`` installs bpcore from
the checkout), ``runtime.txt`` (the Python version) and ``postBuild`` (an executable script
run once at build time). A launch link opens a notebook with
``?urlpath=lab/tree/<path>`` (JupyterLab) or ``?urlpath=voila/render/<path>`` (the app).
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
REQUIREMENTS = REPO / "requirements.txt"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
START_HERE = "notebooks/01-start-here.ipynb"
APP = "notebooks/10-big-picture.ipynb"
BINDER_URLPATH = re.compile(r"urlpath=(?:lab/tree|voila/render|tree)/([^\s)&\"'#>`]+)")


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def requirement_lines() -> list[str]:
    lines = []
    for raw in REQUIREMENTS.read_text().splitlines():
        line = raw.split(" #")[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def required_names() -> set[str]:
    """Canonical names of the distributions requirements.txt asks for (not bpcore itself)."""
    names = set()
    for line in requirement_lines():
        if line.startswith("-"):
            continue  # options and local installs, checked separately
        names.add(canonicalize_name(Requirement(line).name))
    return names


def names_of(specs: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(spec).name) for spec in specs}


def top_level_imports(source: str) -> set[str]:
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


# The set-up cell (tools/first_cell.py) imports what only Colab or JupyterLite has
# (google.colab, piplite), and only there: it is not what Binder must install.
SETUP_TAG = "bpcore-setup"


def notebook_code(path: Path) -> str:
    """The code cells of a notebook without IPython's magics and shell lines, and without
    the Colab/JupyterLite set-up cell."""
    cells = json.loads(path.read_text())["cells"]
    lines = []
    for cell in cells:
        if SETUP_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            lines += [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)


def third_party(modules: set[str]) -> set[str]:
    return {m for m in modules if m not in sys.stdlib_module_names and m != "bpcore"}


@functools.cache
def _distributions() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def distribution_of(module: str) -> str:
    owners = _distributions().get(module)
    if not owners:
        pytest.fail(f"module {module!r} is imported but not installed in this environment")
    return canonicalize_name(owners[0])


def installed_closure(roots: set[str]) -> set[str]:
    """The distributions pip installs for ``roots``: each root and what it requires,
    recursively (markers evaluated for this interpreter, no extras)."""
    environment = {**default_environment(), "extra": ""}
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for spec in requires:
            try:
                requirement = Requirement(spec)
            except InvalidRequirement:
                continue
            if requirement.marker is None or requirement.marker.evaluate(environment):
                todo.append(canonicalize_name(requirement.name))
    return seen


# --- where repo2docker looks --------------------------------------------------------------


def test_configuration_is_read_from_the_root():
    for folder in ("binder", ".binder"):
        assert not (REPO / folder).exists(), (
            f"{folder}/ exists: repo2docker would read only that folder and ignore the root "
            "requirements.txt, runtime.txt and postBuild"
        )
    assert REQUIREMENTS.is_file()
    # Each of these would take precedence over requirements.txt (repo2docker's docs).
    for other in ("Dockerfile", "default.nix", "environment.yml", "Pipfile", "Pipfile.lock"):
        assert not (REPO / other).exists(), f"{other}: repo2docker would ignore requirements.txt"


def test_requirements_install_bpcore_itself():
    local = [line for line in requirement_lines() if re.fullmatch(r"(-e\s+)?\.(\[.*\])?", line)]
    assert local, "requirements.txt must install bpcore from the checkout (a line '-e .')"


def test_requirements_are_the_notebooks_extra():
    """requirements.txt lists what `pip install -e '.[notebooks]'` would, no more, no less."""
    project = pyproject()["project"]
    extra = names_of(project["optional-dependencies"]["notebooks"])
    base = names_of(project["dependencies"])
    required = required_names()
    assert extra <= required, f"in the notebooks extra, not in requirements.txt: {extra - required}"
    assert required <= extra | base, (
        f"in requirements.txt, not in pyproject's notebooks extra or dependencies: "
        f"{required - extra - base}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_imports_are_in_requirements(path):
    required = required_names() | names_of(pyproject()["project"]["dependencies"])
    modules = third_party(top_level_imports(notebook_code(path)))
    missing = {m: distribution_of(m) for m in modules if distribution_of(m) not in required}
    assert not missing, f"{path.name} imports {missing}; add them to requirements.txt"


def test_what_bpcore_imports_is_installed_by_requirements():
    """bpcore's own imports (widgets: ipywidgets, PIL; plots: matplotlib; ...) come with
    `pip install -r requirements.txt`, directly or as a dependency of what it lists."""
    roots = required_names() | names_of(pyproject()["project"]["dependencies"])
    installed = installed_closure(roots)
    modules = set()
    for source in sorted((REPO / "bpcore").rglob("*.py")):
        modules |= third_party(top_level_imports(source.read_text()))
    missing = {m: distribution_of(m) for m in modules if distribution_of(m) not in installed}
    assert not missing, f"bpcore imports {missing}, which requirements.txt does not install"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_kernel_exists_on_binder(path):
    kernelspec = json.loads(path.read_text())["metadata"].get("kernelspec", {})
    assert kernelspec.get("name", "python3") == "python3", (
        f"{path.name} asks for kernel {kernelspec.get('name')!r}; Binder has only 'python3'"
    )


# --- runtime.txt and postBuild ---------------------------------------------------------------


def test_runtime_is_a_python_the_project_supports():
    runtime = (REPO / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    assert match, f"runtime.txt: expected 'python-X.Y', got {runtime!r}"
    supported = SpecifierSet(pyproject()["project"]["requires-python"])
    assert supported.contains(match.group(1) + ".0"), (runtime, str(supported))


def test_post_build_is_an_executable_script_that_stops_on_errors():
    script = REPO / "postBuild"
    assert script.is_file()
    assert os.access(script, os.X_OK), "postBuild must be executable (chmod +x postBuild)"
    lines = script.read_text().splitlines()
    assert lines[0].startswith("#!"), "postBuild needs a shebang line, e.g. #!/bin/bash"
    assert any(re.match(r"set -[a-z]*e", line) for line in lines), (
        "postBuild must `set -e`: repo2docker does not stop on errors by itself"
    )
    if shutil.which("git") and (REPO / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "-s", "postBuild"], cwd=REPO, capture_output=True, text=True
        ).stdout.split()
        if listed:  # committed: the executable bit must be in git, or a clone loses it
            assert listed[0] == "100755", f"postBuild is committed with mode {listed[0]}"


def test_post_build_runs_here():
    """The script's checks pass in this environment (the one requirements.txt describes)."""
    environment = dict(os.environ)
    environment["PATH"] = str(Path(sys.executable).parent) + os.pathsep + environment["PATH"]
    result = subprocess.run(
        [str(REPO / "postBuild")],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- launch links ----------------------------------------------------------------------------


def test_launch_paths_exist():
    assert (REPO / START_HERE).is_file(), f"the Binder link opens {START_HERE}"
    assert (REPO / APP).is_file(), f"the Binder app link and `make app` serve {APP}"


def test_readme_binder_links_point_to_files():
    readme = REPO / "README.md"
    if not readme.exists():
        pytest.skip("no README.md yet")
    text = readme.read_text()
    links = re.findall(r"https://\S+", text)
    targets = []
    for link in links:
        for target in BINDER_URLPATH.findall(link):
            if "git-pull?" in link:
                # nbgitpuller clones into a folder of the repository's name: urlpath starts there.
                target = target.split("/", 1)[1]
            targets.append(target)
    assert targets, "README.md has no launch link with a urlpath"
    for target in targets:
        assert (REPO / target).exists(), f"README.md links Binder to {target}, which is missing"
