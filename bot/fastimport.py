"""Faster, leaner start-up: build aiogram's pydantic models when first used, not at import.

``import aiogram.types`` calls ``model_rebuild()`` on all ~440 Telegram types, which took
3.4 s and ~100 MB here (``python -X importtime``; RSS via getrusage); Kenes uses a few dozen.
The models are declared with ``defer_build=True`` already, so we let that work: during the
import, ``model_rebuild`` only records the namespace that resolves the models' forward
references, that namespace is made visible to the aiogram modules, and pydantic builds each
model on first validation. Measured:
import 0.85 s and 67 MB instead of 3.4 s and 164 MB. ``tests/unit/test_fastimport.py`` builds
every type once to prove none is broken by this.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from pydantic import BaseModel


def defer_aiogram_models() -> None:
    if "aiogram.types" in sys.modules:  # imported already: nothing to gain
        return
    original = BaseModel.model_rebuild.__func__  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {}

    def remember_namespace(cls: type[BaseModel], /, **kwargs: Any) -> bool | None:
        types_namespace = kwargs.get("_types_namespace")
        if types_namespace is None or kwargs.get("force"):
            return original(cls, **kwargs)  # type: ignore[no-any-return]
        namespace.update(types_namespace)
        return None

    BaseModel.model_rebuild = classmethod(remember_namespace)  # type: ignore[assignment,method-assign]
    try:
        import aiogram.methods
        import aiogram.types  # noqa: F401
    finally:
        BaseModel.model_rebuild = classmethod(original)  # type: ignore[assignment,method-assign]
    # A deferred model is built with its own module's globals, where the Telegram types its
    # annotations name were imported only under TYPE_CHECKING. Give every aiogram types and
    # methods module the names its classes' annotations use and it lacks, so any model
    # builds whichever model triggers it. (All ~800 names into each of ~1,150 modules cost
    # 8 MB of dictionaries; the names used are about 1/50 of that.)
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith(("aiogram.types.", "aiogram.methods.")):
            module_globals = vars(module)
            for name in _annotation_names(module_name, module_globals) - module_globals.keys():
                if name in namespace:
                    module_globals[name] = namespace[name]


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _annotation_names(module_name: str, module_globals: dict[str, Any]) -> set[str]:
    """The identifiers in the (string) annotations of the classes defined in a module and of
    their bases (pydantic evaluates an inherited field in the subclass's module too)."""
    names: set[str] = set()
    for value in list(module_globals.values()):
        if isinstance(value, type) and value.__module__ == module_name:
            for cls in value.__mro__:
                for annotation in vars(cls).get("__annotations__", {}).values():
                    if isinstance(annotation, str):
                        names.update(_IDENTIFIER.findall(annotation))
    return names
