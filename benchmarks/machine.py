"""The machine a run measured: versions, cores, CPU, the BLAS thread pools and the load."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from typing import Any

import numpy as np
from timing import load_average

try:
    from threadpoolctl import threadpool_info
except ImportError:  # pragma: no cover - the bench extra installs it
    threadpool_info = None

POOL_KEYS = (
    "user_api",
    "internal_api",
    "version",
    "num_threads",
    "architecture",
    "threading_layer",
    "prefix",
)


def torch_version() -> str:
    try:
        import torch
    except ImportError:
        return "not installed"
    return torch.__version__


def machine() -> dict[str, Any]:
    """What RESULTS.md's machine table shows, keyed by its row names, and "threadpools":
    the thread pools (BLAS, OpenMP) that threadpoolctl finds loaded."""
    info = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cores (os.cpu_count)": os.cpu_count(),
        "usable cores (sched_getaffinity)": len(os.sched_getaffinity(0)),
        "torch": torch_version(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "not set"),
        "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE", "not set"),
        "load average at start": load_average(),
    }
    try:
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in cpu.splitlines():
            if line.startswith(("Model name", "L2 cache", "L3 cache")):
                key, value = line.split(":", 1)
                info[key.strip()] = value.strip()
    except OSError:  # pragma: no cover
        pass
    if threadpool_info is not None:
        info["threadpools"] = [
            {k: v for k, v in pool.items() if k in POOL_KEYS} for pool in threadpool_info()
        ]
    return info
