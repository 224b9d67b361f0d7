"""Let a module named like its main function be called as that function.

Why: ``geo.geoparse``, ``geo.extract`` and ``gazetteer.normalize`` are public functions living in
modules of the same name. Once such a module is imported, Python binds the package attribute to
the module, hiding the lazily exported function; a callable module keeps both spellings working.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any


def make_callable(module_name: str, func: Callable[..., Any]) -> None:
    """Make ``sys.modules[module_name](...)`` call ``func(...)``."""

    class _CallableModule(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)

    _CallableModule.__doc__ = func.__doc__
    sys.modules[module_name].__class__ = _CallableModule
