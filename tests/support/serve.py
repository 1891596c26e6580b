"""`fitctl serve` as a process for end-to-end tests: the environment fitctl runs in, and a server
on a free port of 127.0.0.1 that is stopped with SIGTERM.

    tmp, env, server = serve_in_temp_dir("fitkit-cors-", "--allow-origin", "https://app.example.org")
    try:
        status, headers, body = server.call("GET", "/healthz")
    finally:
        server.stop()
"""

import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile

FITCTL = os.environ.get("FITCTL", "fitctl")


def fitctl_env(tmp, db=None):
    """os.environ without FITKIT_* settings, with home, config, database and data in `tmp` (a Path)
    and cheap password hashing; `db` is a database URL to use instead of SQLite in `tmp`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITKIT_")}
    env.update(FITKIT_ARGON2="m=1024,t=1,p=1", HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / "c"),
               FITKIT_DB=db or f"sqlite:{tmp}/fitkit.db", FITKIT_DATA_DIR=str(tmp / "data"))
    return env


def run_as(env, who, *args, timeout=60):
    """`fitctl --as WHO ARGS` in `env`: the finished process, its output as text."""
    return subprocess.run([FITCTL, "--as", who, *args], capture_output=True, text=True, env=env, timeout=timeout)


def json_as(env, who, *args):
    """What `fitctl --as WHO --format json ARGS` prints, read as JSON; AssertionError with its stderr
    when it fails."""
    r = run_as(env, who, "--format", "json", *args)
    if r.returncode != 0:
        raise AssertionError(f"{args}: {r.stderr}")
    return json.loads(r.stdout)


class Server:
    """`fitctl serve --port 0` with the given flags; stop() ends it and keeps its stderr."""

    def __init__(self, env, *flags):
        self.stderr = None
        self.process = subprocess.Popen([FITCTL, "serve", "--port", "0", *flags], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env)
        line = self.process.stdout.readline().strip()
        match = re.search(r"https?://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"serve did not print its URL: {line!r} {self.stderr}")
        self.url = match.group(0)
        self.port = int(match.group(1))
        self.ws_url = self.url.replace("http", "ws", 1) + "/v1/ws"

    def stop(self, timeout=15):
        """SIGTERM, then a kill after `timeout` seconds; the exit code. A second call only answers it."""
        if self.stderr is None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.stderr = self.process.stderr.read()
            self.process.stdout.close()
            self.process.stderr.close()
        return self.process.returncode

    def call(self, method, path, body=None, headers=None):
        """One plain HTTP request with http.client: (status, headers, JSON body or None)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = json.dumps(body) if body is not None else None
            all_headers = dict(headers or {})
            if data is not None:
                all_headers.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=data, headers=all_headers)
            r = conn.getresponse()
            raw = r.read()
            return r.status, r.headers, json.loads(raw) if raw else None
        finally:
            conn.close()


def serve_in_temp_dir(prefix, *flags):
    """A new temporary folder, fitctl's environment in it and a Server with `flags` on it:
    (folder, env, server). The folder is removed again if the server does not start."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    env = fitctl_env(tmp)
    try:
        return tmp, env, Server(env, *flags)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
