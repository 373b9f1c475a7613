"""The packaging scripts are not a package: load them by path, as PyInstaller does."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def load(name: str, alias: str) -> ModuleType:
    if alias in sys.modules:
        return sys.modules[alias]
    spec = importlib.util.spec_from_file_location(alias, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle_plan() -> ModuleType:
    return load("bundle_plan", "bundle_plan")


@pytest.fixture(scope="session")
def build_script(bundle_plan: ModuleType) -> ModuleType:
    return load("build", "copydesk_build")
