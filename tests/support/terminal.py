"""Runs a program with its standard output on a pseudo-terminal, as a person at a shell sees it."""

import os
import pty
import subprocess


def run_on_terminal(argv, env, timeout=30):
    """Returns (exit code, what it wrote to the terminal with \\r\\n made \\n, its standard error)."""
    main, child = pty.openpty()
    chunks = []
    try:
        with subprocess.Popen(argv, stdout=child, stderr=subprocess.PIPE, env=env) as p:
            os.close(child)
            child = None
            while True:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # EIO: the other side is closed
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            p.wait(timeout=timeout)
            err = p.stderr.read().decode(errors="replace")
    finally:
        os.close(main)
        if child is not None:
            os.close(child)
    return p.returncode, b"".join(chunks).decode().replace("\r\n", "\n"), err
