"""The README's "bpcore in ten lines" runs, and prints what its comments say."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _snippet() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## bpcore in ten lines") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_ten_lines_print_the_numbers_in_their_comments():
    code = _snippet()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    comments = [
        line.split("#", 1)[1].strip() for line in code.splitlines() if line.startswith("print(")
    ]
    assert len(printed) == len(comments) == 3
    # 291 / 300 test digits right
    assert printed[0].startswith(comments[0].split()[0] + " / 300")
    # 1.8e-09: the gradient check, to the digits the comment gives
    assert f"{float(printed[1]):.1e}" == comments[1].split(":")[0]
    # -4.192e-07 exact, -4.181e-07 first order
    exact, linear = (float(v) for v in printed[2].split())
    quoted = re.findall(r"-?\d\.\d+e-\d+", comments[2])
    assert [f"{exact:.3e}", f"{linear:.3e}"] == quoted
