"""The package offers the registry's operations one for one, as fitctl lists them."""

import json
import os
import subprocess

import pytest

import fitkit
from conftest import fitctl


def fitctl_json(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITKIT_")}
    r = subprocess.run([fitctl(), "--format", "json", *args], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_operations_match_fitctl_ops_list():
    listed = fitctl_json("ops", "list")
    rows = listed["items"] if isinstance(listed, dict) else listed
    ours = [(o.name, o.method, o.path, o.summary) for o in fitkit.operations()]
    theirs = [(r["name"], r["method"], r["path"], r["summary"]) for r in rows]
    assert sorted(ours) == sorted(theirs)
    assert len({o.name for o in fitkit.operations()}) == len(ours)


@pytest.mark.parametrize("op", fitkit.operations(), ids=lambda o: o.name)
def test_parameters_match_fitctl_ops_show(op):
    shown = fitctl_json("ops", "show", op.name)
    assert shown["access"] == op.access
    theirs = [(p["name"], p["type"], p["required"], p["help"], p["secret"]) for p in shown["params"]]
    assert [(p.name, p.type, p.required, p.help, p.secret) for p in op.params] == theirs


def test_every_operation_has_a_method_with_its_parameters(client):
    import inspect

    for op in fitkit.operations():
        target = client
        for segment in op.name.split("."):
            target = getattr(target, fitkit._operations.python_name(segment))
        names = [n for n in inspect.signature(target).parameters if n != "self"]
        assert names == [fitkit._operations.python_name(p.name) for p in op.params], op.name
