"""Compile the libraries without their docstrings, as ``python -OO`` would.

The libraries' docstrings (SQLAlchemy's 2 MB, aiogram's 1 MB, the standard library's 1 MB:
5 MB of strings in all) are never read by a running bot: :func:`compile_without_docstrings`
imports the libraries of :data:`WITHOUT_DOCSTRINGS` and the standard library as ``python -OO``
would (``compile(optimize=2)``, docstrings and ``assert`` left out, cached in the
``.opt-2.pyc`` files that ``-OO`` uses), about 6 MB less idle RSS. Kenes' own modules, and
every other library, are compiled as usual.

This module imports only what the interpreter has loaded before it, so that all the rest is
compiled so.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import importlib.util
import marshal
import os
import sys
from collections.abc import Sequence
from types import CodeType, ModuleType

# Libraries a running bot imports that work under ``python -OO`` (their docstrings are
# documentation only); the standard library is compiled so too.
WITHOUT_DOCSTRINGS = frozenset(
    {
        "aiofiles",
        "aiogram",
        "aiohappyeyeballs",
        "aiohttp",
        "aiosignal",
        "aiosqlite",
        "annotated_types",
        "apscheduler",
        "asyncpg",
        "attr",
        "babel",
        "certifi",
        "dotenv",
        "frozenlist",
        "greenlet",
        "idna",
        "magic_filter",
        "multidict",
        "prometheus_client",
        "propcache",
        "pydantic",
        "pydantic_core",
        "pydantic_settings",
        "redis",
        "sqlalchemy",
        "typing_extensions",
        "typing_inspection",
        "tzlocal",
        "yarl",
    }
)
_STDLIB = os.path.dirname(os.path.realpath(os.__file__)) + "/"  # noqa: PTH120  # os: stdlib
_PYC_HEADER = 16  # magic number, flags, source mtime, source size


class DocstringlessLoader(importlib.machinery.SourceFileLoader):
    """A source loader that compiles as ``python -OO`` and caches in ``.opt-2.pyc``."""

    def get_code(self, fullname: str) -> CodeType:
        source_path = self.get_filename(fullname)
        cache = importlib.util.cache_from_source(source_path, optimization=2)
        stats = self.path_stats(source_path)
        mtime, size = int(stats["mtime"]) & 0xFFFFFFFF, int(stats["size"]) & 0xFFFFFFFF
        header = (
            importlib.util.MAGIC_NUMBER
            + (0).to_bytes(4, "little")  # a timestamp-based .pyc
            + mtime.to_bytes(4, "little")
            + size.to_bytes(4, "little")
        )
        try:
            cached = self.get_data(cache)
        except OSError:
            pass
        else:
            if cached[:_PYC_HEADER] == header:
                code = marshal.loads(memoryview(cached)[_PYC_HEADER:])
                if isinstance(code, CodeType):
                    return lines_only(code)
        code = compile(
            self.get_data(source_path), source_path, "exec", dont_inherit=True, optimize=2
        )
        if not sys.dont_write_bytecode:  # (a read-only installation: compiled again next time)
            with contextlib.suppress(OSError, NotImplementedError):
                self.set_data(cache, header + marshal.dumps(code))
        return lines_only(code)


def lines_only(code: CodeType) -> CodeType:
    """``code`` with its location table reduced to line numbers, as ``-X no_debug_ranges``
    compiles: no columns (a traceback shows the line, without ``^^^`` under the expression),
    and one entry for consecutive instructions of the same line (a quarter of the size)."""
    table = bytearray()
    append = table.append
    previous = code.co_firstlineno

    def entries(line: int | None, units: int) -> None:
        # the format of Objects/locations.md (CPython 3.11-3.13): a first byte with the
        # kind of entry and its length in code units (up to 8), then the line's delta
        nonlocal previous
        while units:
            length = min(units, 8)
            units -= length
            if line is None:
                append(0xF8 | (length - 1))  # 15: no location
                continue
            append(0xE8 | (length - 1))  # 13: a line, no columns
            delta = line - previous
            value = (-delta << 1) | 1 if delta < 0 else delta << 1
            while value >= 64:
                append(0x40 | (value & 63))
                value >>= 6
            append(value)
            previous = line

    run_line: int | None = None
    run = 0
    for start, end, line in code.co_lines():
        units = (end - start) >> 1
        if run and line == run_line:
            run += units
            continue
        if run:
            entries(run_line, run)
        run_line, run = line, units
    if run:
        entries(run_line, run)
    consts = code.co_consts
    if any(isinstance(const, CodeType) for const in consts):
        consts = tuple(lines_only(c) if isinstance(c, CodeType) else c for c in consts)
    return code.replace(co_linetable=bytes(table), co_consts=consts)


class _WithoutDocstrings:
    """Finds the modules of :data:`WITHOUT_DOCSTRINGS` and of the standard library as the
    path finder does, and loads their source with :class:`DocstringlessLoader`."""

    # top-level packages imported before: the rest of their modules are compiled as they
    # were (SQLAlchemy asserts that a docstring is there when its assert is compiled in)
    imported: frozenset[str] = frozenset()

    @classmethod
    def find_spec(
        cls, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or type(spec.loader) is not importlib.machinery.SourceFileLoader:
            return spec
        package = fullname.partition(".")[0]
        if package in cls.imported:
            return spec
        if package not in WITHOUT_DOCSTRINGS and not _in_stdlib(spec.origin):
            return spec
        spec.loader = DocstringlessLoader(fullname, spec.loader.path)
        return spec


def _in_stdlib(origin: str | None) -> bool:
    return origin is not None and origin.startswith(_STDLIB) and "/site-packages/" not in origin


def compile_without_docstrings() -> None:
    """From now on, import the libraries of :data:`WITHOUT_DOCSTRINGS` and the standard
    library without docstrings (a package imported already, in part or whole, stays as it is:
    some check their own docstrings in asserts)."""
    if sys.flags.optimize >= 2 or _WithoutDocstrings in sys.meta_path:
        return
    finders = [
        type(finder) if not isinstance(finder, type) else finder for finder in sys.meta_path
    ]
    position = finders.index(importlib.machinery.PathFinder)
    _WithoutDocstrings.imported = frozenset(name.partition(".")[0] for name in sys.modules)
    sys.meta_path.insert(position, _WithoutDocstrings)
