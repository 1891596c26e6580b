"""Finds and loads libfitkit, the C API (include/fitkit/fitkit.h), and declares its functions."""

import ctypes
import ctypes.util
import os
import pathlib

# The shared library's soname: what the system's loader is asked for last.
SONAME = "libfitkit.so.0"
OPTIONS_VERSION = 1  # FITKIT_OPTIONS_VERSION


class Options(ctypes.Structure):
    """fitkit_options: initialised by fitkit_options_init, version first."""

    _fields_ = [
        ("version", ctypes.c_uint),
        ("data_dir", ctypes.c_char_p),
        ("public_url", ctypes.c_char_p),
        ("mail_from", ctypes.c_char_p),
        ("token_signing_key", ctypes.c_char_p),
        ("sealing_key", ctypes.c_char_p),
        ("migrate", ctypes.c_int),
    ]


def _beside_package():
    """libfitkit.so* in the package's folder, then in its parent: the soname first."""
    package_dir = pathlib.Path(__file__).resolve().parent
    found = []
    for folder in (package_dir, package_dir.parent):
        names = sorted(p.name for p in folder.glob("libfitkit.so*") if p.is_file())
        # Prefer the soname, then the development link, then any versioned file.
        names.sort(key=lambda n: (n != SONAME, n != "libfitkit.so", n))
        found.extend(str(folder / n) for n in names)
    return found, [str(package_dir / "libfitkit.so*"), str(package_dir.parent / "libfitkit.so*")]


def _candidates():
    """The libraries to try, in order, and a description of every place looked at."""
    explicit = os.environ.get("FITKIT_LIBRARY")
    if explicit:
        # An explicit choice is never second-guessed by a fallback.
        return [explicit], [f"FITKIT_LIBRARY={explicit}"]
    beside, looked = _beside_package()
    system = ctypes.util.find_library("fitkit")
    tried = ["FITKIT_LIBRARY (not set)"] + [f"{p} (beside the package)" for p in looked]
    candidates = beside + ([system] if system else []) + [SONAME]
    tried.append(f"{system or SONAME} (the system's library path)")
    return candidates, tried


def load():
    """Loads the first library that opens; ImportError naming every place tried when none does."""
    candidates, tried = _candidates()
    failures = []
    for path in candidates:
        try:
            return _declare(ctypes.CDLL(path)), path
        except OSError as e:
            failures.append(f"{path}: {e}")
        except AttributeError as e:  # a library that is not fitkit's C API
            failures.append(f"{path}: not fitkit's C API ({e})")
    raise ImportError(
        "fitkit: cannot load the fitkit C library (libfitkit.so.0). Tried: "
        + "; ".join(tried)
        + ". Errors: "
        + "; ".join(failures)
        + ". Set FITKIT_LIBRARY to the path of libfitkit.so.0, or put it beside the fitkit package.",
        name="fitkit",
    )


def _declare(lib):
    """Declares the argument and result types of every function of fitkit.h."""
    c_char_p, c_void_p, c_int, c_uint = ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_uint
    out_ptr = ctypes.POINTER(c_void_p)  # fitkit_t **, fitkit_actor_t **, char **
    signatures = {
        "fitkit_version": ([], c_char_p),
        "fitkit_options_init": ([ctypes.POINTER(Options), c_uint], c_int),
        "fitkit_open": ([out_ptr, c_char_p, ctypes.POINTER(Options)], c_int),
        "fitkit_close": ([c_void_p], None),
        "fitkit_call": ([c_void_p, c_void_p, c_char_p, c_char_p, out_ptr], c_int),
        "fitkit_authenticate": ([out_ptr, c_void_p, c_char_p], c_int),
        "fitkit_act_as": ([out_ptr, c_void_p, c_char_p], c_int),
        "fitkit_actor_user_id": ([c_void_p], c_char_p),
        "fitkit_actor_free": ([c_void_p], None),
        # What the library allocates comes back as c_void_p (not c_char_p, which
        # ctypes would copy and lose), so that it can be given to fitkit_free.
        "fitkit_operations": ([out_ptr], c_int),
        "fitkit_free": ([c_void_p], None),
        "fitkit_last_error": ([], c_char_p),
        "fitkit_last_error_code": ([], c_int),
        "fitkit_last_error_field": ([], c_char_p),
        "fitkit_last_error_retry_after_ms": ([], ctypes.c_longlong),
    }
    for name, (argtypes, restype) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = argtypes
        function.restype = restype
    return lib


def take_string(lib, pointer):
    """The UTF-8 text at a pointer the library handed out, which is then freed."""
    if not pointer:
        from .errors import Internal

        raise Internal("the library reported success but handed out no result")
    try:
        return ctypes.string_at(pointer).decode("utf-8")
    finally:
        lib.fitkit_free(pointer)
