"""Structure figures for docs/ARCHITECTURE.md (issue 16): import circles, who imports Whoosh.

    python benchmarks/architecture_stats.py [PACKAGE_DIR]      # default: searchnews/ of this checkout

Reads every module with `ast` (imports at any depth, also inside functions), builds the graph of
searchnews -> searchnews imports, and prints: modules, import circles (strongly connected components
of more than one module, by Tarjan's algorithm), the modules that import whoosh outside
engine/whoosh/, and the modules that use a private Whoosh name (`._x` on an object from a whoosh import)
outside engine/whoosh/ (approximated: `._` attribute access in a module that imports whoosh), and the
cli/ modules that import an engine's own folder (engine/whoosh/ or engine/opensearch/) instead of the
engine interface (engine/, engine/base.py, engine/records.py).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(tree: ast.AST, name: str, is_package: bool) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in graph:
        if node not in index:
            visit(node)
    return result


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "searchnews")
    trees = {}
    for path in sorted(root.rglob("*.py")):
        trees[module_name(root, path)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    graph: dict[str, set[str]] = {}
    whoosh_users, private_users, cli_engine_users = [], [], []
    for name, (path, tree) in trees.items():
        found = imports_of(tree, name, path.name == "__init__.py")
        graph[name] = {target for target in found if target in trees and target != name
                       and not name.startswith(target + ".")}  # a package's own __init__ is no circle
        in_whoosh_engine = ".engine.whoosh" in name or name.endswith(".engine.whoosh")
        if ".cli." in f"{name}." and any(".engine.whoosh" in target or ".engine.opensearch" in target for target in found):
            cli_engine_users.append(name)
        if any(target == "whoosh" or target.startswith("whoosh.") for target in found) and not in_whoosh_engine:
            whoosh_users.append(name)
            if any(isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                   for node in ast.walk(tree)):
                private_users.append(name)
    circles = strongly_connected(graph)
    print(f"modules: {len(trees)}")
    print(f"import circles: {len(circles)}")
    for circle in circles:
        print("  " + " <-> ".join(circle))
    print(f"modules importing whoosh outside engine/whoosh: {len(whoosh_users)}")
    for name in whoosh_users:
        print("  " + name)
    print(f"of those, using a private attribute: {len(private_users)}")
    for name in private_users:
        print("  " + name)
    print(f"cli modules importing an engine's own folder: {len(cli_engine_users)}")
    for name in cli_engine_users:
        print("  " + name)


if __name__ == "__main__":
    main()
