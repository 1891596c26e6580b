"""Finding libfitkit.so: FITKIT_LIBRARY, beside the package, the system's path; a clear message if none."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import fitkit

PACKAGE_DIR = pathlib.Path(fitkit.__file__).resolve().parent
PROBE = "import fitkit; print(fitkit.library_path); print(len(fitkit.operations()))"


def run_python(code, env, cwd):
    clean = {k: v for k, v in os.environ.items() if k not in ("FITKIT_LIBRARY", "PYTHONPATH", "LD_LIBRARY_PATH")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=cwd,
                          env={**clean, **env})


def copy_package(into):
    shutil.copytree(PACKAGE_DIR, into / "fitkit", ignore=shutil.ignore_patterns("__pycache__", "libfitkit.so*"))
    return into / "fitkit"


def test_fitkit_library_is_used_first():
    assert pathlib.Path(fitkit.library_path).resolve() == pathlib.Path(os.environ["FITKIT_LIBRARY"]).resolve()


def test_a_missing_fitkit_library_names_it(tmp_path):
    missing = tmp_path / "nowhere" / "libfitkit.so.0"
    r = run_python("import fitkit", {"FITKIT_LIBRARY": str(missing), "PYTHONPATH": str(PACKAGE_DIR.parent)},
                   tmp_path)
    assert r.returncode != 0
    assert "ImportError" in r.stderr
    assert f"FITKIT_LIBRARY={missing}" in r.stderr
    assert "cannot load the fitkit C library" in r.stderr


def test_not_found_anywhere_lists_every_place_tried(tmp_path):
    package = copy_package(tmp_path)
    r = run_python("import fitkit", {"PYTHONPATH": str(tmp_path)}, tmp_path)
    if r.returncode == 0:
        pytest.skip("a libfitkit.so.0 is installed on the system's library path")
    assert "FITKIT_LIBRARY (not set)" in r.stderr
    assert f"{package}/libfitkit.so*" in r.stderr
    assert f"{tmp_path}/libfitkit.so*" in r.stderr
    assert "system's library path" in r.stderr


def test_a_library_inside_the_package_dir(tmp_path):
    package = copy_package(tmp_path)
    shutil.copy(os.environ["FITKIT_LIBRARY"], package / "libfitkit.so.0")
    r = run_python(PROBE, {"PYTHONPATH": str(tmp_path)}, "/")
    assert r.returncode == 0, r.stderr
    path, count = r.stdout.split()
    assert path == str(package / "libfitkit.so.0")
    assert int(count) == len(fitkit.operations())


def test_a_library_in_the_package_s_parent(tmp_path):
    copy_package(tmp_path)
    shutil.copy(os.environ["FITKIT_LIBRARY"], tmp_path / "libfitkit.so.0.1.0")
    r = run_python(PROBE, {"PYTHONPATH": str(tmp_path)}, "/")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[0] == str(tmp_path / "libfitkit.so.0.1.0")


def test_a_file_that_is_not_a_library(tmp_path):
    bogus = tmp_path / "libfitkit.so.0"
    bogus.write_text("not an ELF file")
    r = run_python("import fitkit", {"FITKIT_LIBRARY": str(bogus), "PYTHONPATH": str(PACKAGE_DIR.parent)},
                   tmp_path)
    assert r.returncode != 0 and str(bogus) in r.stderr
