"""The house rules of ``worker/``, checked on the source: who may import whom, and how big things get.

- No import cycles between modules.
- ``worker/stages`` is pure: it imports nothing from the pipeline, the runtime or the tools.
- ``worker/pipeline`` imports nothing from the runtime or the tools (no Kafka in the article flow).
- No module over 250 lines, no function over 50 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WORKER = Path(__file__).resolve().parents[2] / "worker"
MAX_MODULE_LINES = 250
MAX_FUNCTION_LINES = 50


def _module_name(path: Path) -> str:
    parts = path.relative_to(WORKER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(WORKER.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Modules of ``worker`` that ``path`` imports, at any level (deferred imports count too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        out |= {n for n in names if n in MODULES}
    return out


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _cycle() -> list[str] | None:
    """One import cycle, as a list of modules, or None. Package ``__init__`` re-exports are edges too."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(GRAPH[n]):
            if state.get(m) == 1 and not n.startswith(m + "."):  # a module importing its own package is fine
                return [*stack[stack.index(m):], m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(GRAPH):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_cycles() -> None:
    assert _cycle() is None, " -> ".join(_cycle() or [])


@pytest.mark.parametrize(("layer", "forbidden"), [
    ("worker.stages", ("worker.pipeline", "worker.runtime", "worker.tools")),
    ("worker.pipeline", ("worker.runtime", "worker.tools")),
])
def test_inner_layers_do_not_import_outer_ones(layer: str, forbidden: tuple[str, ...]) -> None:
    bad = {n: sorted(i for i in GRAPH[n] if i.startswith(forbidden)) for n in GRAPH if n.startswith(layer)}
    assert not {n: v for n, v in bad.items() if v}


def test_stages_and_pipeline_import_no_kafka_client() -> None:
    for name, path in MODULES.items():
        if name.startswith(("worker.stages", "worker.pipeline")):
            roots = set()
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    roots |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    roots.add(node.module.split(".")[0])
            assert not roots & {"aiokafka", "faust", "kafka", "confluent_kafka"}, name


def test_modules_and_functions_stay_small() -> None:
    too_long = {n: len(p.read_text().splitlines()) for n, p in MODULES.items()}
    assert {n: k for n, k in too_long.items() if k > MAX_MODULE_LINES} == {}
    long_functions = {}
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions[f"{name}.{node.name}"] = length
    assert long_functions == {}
