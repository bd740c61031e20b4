"""Imports run one way (../shared/STYLE.md): an app may use the apps below it, never those above.

Read from the source with `ast` (function-level imports included), so a new upward import fails
here with the module and line to change. Should one ever have to stay, list it in KNOWN with
its reason.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Top to bottom: each app may import those after it.
LAYERS = [
    "fediverse", "publishing", "stats", "wordpress", "pings", "subscriptions", "comments",
    "accounts", "blog", "images", "pagecache", "core",
]  # fmt: skip

KNOWN = set()  # upward imports kept, each with its reason (none today)


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            yield name.split(".")[0], node.lineno


def upward_imports():
    found = {}
    for app in LAYERS:
        above = set(LAYERS[: LAYERS.index(app)])
        for path in sorted((ROOT / app).rglob("*.py")):
            for target, line in imported_apps(path):
                if target in above:
                    found.setdefault((app, target), []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_apps_import_only_the_apps_below_them():
    found = upward_imports()
    new = {pair: where for pair, where in found.items() if pair not in KNOWN}
    assert new == {}, "these imports run upwards: turn them into a registry or a signal"
    assert set(found) == KNOWN, "an upward import listed in KNOWN is gone: remove it from KNOWN"


def test_core_uses_no_app():
    used = {target for path in (ROOT / "core").rglob("*.py") for target, _ in imported_apps(path)}
    assert used & set(LAYERS) <= {"core"}
