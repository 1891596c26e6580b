"""examples/python/example.py runs and prints what it did."""

import os
import pathlib
import subprocess
import sys

import fitkit

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python" / "example.py"


def test_example_runs(tmp_path):
    package_parent = pathlib.Path(fitkit.__file__).resolve().parents[1]
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(package_parent)}
    r = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                       env=env)
    assert r.returncode == 0, r.stderr
    # The lines every example prints (the installed-SDK test checks the same).
    assert "created: grace@example.com (usr_" in r.stdout
    assert "signed in as usr_" in r.stdout
    assert '"first_name":"Grace"' in r.stdout
    assert "refused: invalid_argument (email): " in r.stdout
    assert "accounts: admin@example.com, grace@example.com" in r.stdout
    assert list(tmp_path.iterdir()) == []  # its temporary folder is gone
