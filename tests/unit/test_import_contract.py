"""The import contract (decision 001): the contracts in pyproject's [tool.importlinter], and what import-linter
cannot say (events and the kernel import only the standard library besides the few named modules)."""

import sys
from collections import defaultdict
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("registry", "events", "projections", "adapters", "web")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, include_external_packages=True, cache_dir=None)


def outside_imports(graph: grimp.ImportGraph, package: str) -> dict[str, set[str]]:
    """Every module imported from ``package`` that lies outside it, with the package's modules importing it."""
    found = defaultdict(set)
    for module in graph.find_descendants(package) | {package}:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != package and not imported.startswith(f"{package}."):
                found[imported].add(module)
    return found


def is_standard_library(module: str) -> bool:
    return module.split(".")[0] in sys.stdlib_module_names


def is_values_module(module: str) -> bool:
    parts = module.split(".")
    return len(parts) == 3 and parts[0] == "registry" and parts[2] == "values"


def test_the_import_linter_contracts_in_pyproject_are_kept(capsys):
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert status == 0, capsys.readouterr().out


def test_events_import_only_the_standard_library_eventsourcing_the_kernel_and_values_modules(graph):
    wrong = {imported: importers for imported, importers in outside_imports(graph, "events").items()
             if not (is_standard_library(imported) or imported == "eventsourcing"
                     or imported.startswith("registry.kernel.") or is_values_module(imported))}
    assert not wrong, f"events/ imports {wrong}"


def test_values_modules_import_only_the_standard_library_the_kernel_and_other_values_modules(graph):
    for values in sorted(m for m in graph.modules if is_values_module(m)):
        wrong = {imported for imported in graph.find_modules_directly_imported_by(values)
                 if not (is_standard_library(imported) or imported.startswith("registry.kernel.")
                         or is_values_module(imported))}
        assert not wrong, f"{values} imports {wrong}"


def test_the_kernel_imports_only_the_standard_library_and_eventsourcing(graph):
    wrong = {imported: importers for imported, importers in outside_imports(graph, "registry.kernel").items()
             if not (is_standard_library(imported) or imported == "eventsourcing")}
    assert not wrong, f"registry.kernel imports {wrong}"


def same_name(name: str) -> str:
    """``transfer`` and ``transfers``, ``court_order`` and ``courtorders`` name the same thing."""
    name = name.lower().replace("_", "")
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name.removesuffix("s")


def test_no_two_modules_in_one_package_are_named_alike():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    siblings = defaultdict(lambda: defaultdict(list))
    for module in graph.modules:
        if "." in module:
            package, name = module.rsplit(".", 1)
            siblings[package][same_name(name)].append(name)
    alike = {package: names for package, by_name in siblings.items()
             for names in by_name.values() if len(names) > 1}
    assert not alike, f"modules named alike: {alike}"


def test_pages_and_the_api_share_web_shared_and_never_import_each_other(graph):
    """The contracts pages-without-api and shared-without-doors, said once more as a graph check (direct or
    through any chain of modules), so a contract dropped from pyproject does not drop the rule."""
    for source, forbidden in (("web.pages", "web.api"), ("web.shared", "web.api"), ("web.shared", "web.pages")):
        chains = graph.find_shortest_chains(importer=source, imported=forbidden, as_packages=True)
        assert not chains, f"{source} imports {forbidden}: {sorted(chains)}"
    assert graph.find_shortest_chains(importer="web.api", imported="web.shared", as_packages=True)
    assert graph.find_shortest_chains(importer="web.pages", imported="web.shared", as_packages=True)
