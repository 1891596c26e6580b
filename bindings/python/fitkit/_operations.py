"""The operations of the library's registry, and the Python methods made from them.

Every operation ("notifications.preferences.get") becomes a method reached
through attributes of the client (client.notifications.preferences.get),
taking its parameters as keyword arguments. A segment or parameter that is a
Python keyword gets a trailing underscore (from_=...).
"""

import collections
import inspect
import keyword

Param = collections.namedtuple("Param", "name type required help secret")
Param.__doc__ = ("A parameter of an operation: JSON field name, type, whether required, help text, and whether "
                 "it is a secret (a password, token or code, never logged or echoed).")

Operation = collections.namedtuple("Operation", "name summary method path access params")
Operation.__doc__ = "An operation of the registry: dotted name, summary, HTTP method and path, access, params."


def parse(catalogue):
    """Operations from the JSON array fitkit_operations returns."""
    return tuple(
        Operation(
            name=o["name"],
            summary=o.get("summary", ""),
            method=o.get("method", ""),
            path=o.get("path", ""),
            access=o.get("access", ""),
            params=tuple(Param(p["name"], p.get("type", ""), bool(p.get("required")), p.get("help", ""),
                               bool(p.get("secret"))) for p in o.get("params", [])),
        )
        for o in catalogue
    )


def python_name(name):
    """A name usable as a Python attribute or keyword argument."""
    return name + "_" if keyword.iskeyword(name) else name


def docstring(op):
    """The help of one operation: summary, where it lives, its parameters."""
    lines = [op.summary or op.name, "", f"Operation {op.name} ({op.method} {op.path}; access: {op.access})."]
    if op.params:
        lines += ["", "Keyword arguments:"]
        for p in op.params:
            need = ("required" if p.required else "optional") + (", secret" if p.secret else "")
            shown = python_name(p.name)
            lines.append(f"  {shown} ({p.type}, {need}): {p.help}")
    else:
        lines += ["", "Takes no arguments."]
    lines += ["", "Returns the result as parsed JSON; raises fitkit.Error (a subclass per code) on failure."]
    return "\n".join(lines)


class _Omitted:
    """The default an optional parameter shows in help(): not sent unless given."""

    def __repr__(self):
        return "..."


_OMITTED = _Omitted()


def _signature(op):
    # For help() and inspect only: required parameters show no default, optional ones "...".
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for p in op.params:
        default = inspect.Parameter.empty if p.required else _OMITTED
        params.append(inspect.Parameter(python_name(p.name), inspect.Parameter.KEYWORD_ONLY, default=default))
    return inspect.Signature(params)


def keyword_map(op):
    """Accepted keyword -> JSON field: each parameter's name and its Python spelling."""
    names = {}
    for p in op.params:
        names[p.name] = p.name
        names[python_name(p.name)] = p.name
    return names


def _method(op, attribute, qualname):
    def method(self, **kwargs):
        return self._client._invoke(op, kwargs)

    method.__name__ = attribute
    method.__qualname__ = qualname
    method.__doc__ = docstring(op)
    method.__signature__ = _signature(op)
    method.operation = op
    return method


class Namespace:
    """A group of operations ("auth", "notifications.preferences") bound to a client or a view of it."""

    __slots__ = ("_client",)
    _path = ""

    def __init__(self, client):
        self._client = client

    def __repr__(self):
        return f"<fitkit operations {self._path!r} of {self._client!r}>"


class _Node:
    def __init__(self, path):
        self.path = path
        self.op = None
        self.children = {}


def _tree(operations):
    root = _Node("")
    for op in operations:
        node = root
        for segment in op.name.split("."):
            child = node.children.get(segment)
            if child is None:
                child = _Node(f"{node.path}.{segment}" if node.path else segment)
                node.children[segment] = child
            node = child
        node.op = op
    return root


def _namespace_class(node):
    """A class per group: a method per operation, a property per subgroup, __call__ when the group is an operation too."""
    members = {"__slots__": (), "_path": node.path}
    summaries = []
    for segment, child in sorted(node.children.items()):
        attribute = python_name(segment)
        _add_member(members, attribute, child, f"Client.{node.path}.{attribute}")
        summaries.append(f"  {attribute}: {child.op.summary if child.op else 'operations ' + child.path + '.*'}")
    if node.op is not None:
        members["__call__"] = _method(node.op, "__call__", f"Client.{node.path}.__call__")
        head = docstring(node.op) + "\n\n"
    else:
        head = f"The operations {node.path}.*\n\n"
    members["__doc__"] = head + "Members:\n" + "\n".join(summaries)
    cls = type(node.path.replace(".", "_"), (Namespace,), members)
    cls.__qualname__ = f"Client.{node.path}"
    cls.__module__ = "fitkit"
    return cls


def _add_member(members, attribute, node, qualname):
    if node.children:
        cls = _namespace_class(node)

        def get(self, cls=cls):
            return cls(self._client)

        members[attribute] = property(get, doc=cls.__doc__)
    else:
        members[attribute] = _method(node.op, attribute, qualname)


def install(client_class, operations):
    """Adds the top-level groups (and ungrouped operations) as members of client_class.

    A top-level segment that would hide one of the class's own members gets a
    trailing underscore; client.call(name, params) reaches every operation anyway.
    """
    root = _tree(operations)
    installed = []
    for segment, node in sorted(root.children.items()):
        attribute = python_name(segment)
        while attribute in client_class.__dict__ and attribute not in client_class._generated:
            attribute += "_"
        members = {}
        _add_member(members, attribute, node, f"Client.{attribute}")
        setattr(client_class, attribute, members[attribute])
        installed.append(attribute)
    client_class._generated = frozenset(installed)
    return installed
