"""The libraries compiled without docstrings (``bot.bytecode``, issue 19 part 3): what is
stripped, what is kept, the ``.opt-2.pyc`` cache, and line numbers that stay right."""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path
from types import CodeType

import pytest

from bot.bytecode import DocstringlessLoader, lines_only
from tests.unit.fresh_python import fresh_python

CHECK = """
import email  # imported before bot: its modules keep their docstrings
import bot
import aiogram, sqlalchemy, email.message, json.decoder
import bot.app
print(aiogram.Bot.send_message.__doc__ is None, sqlalchemy.select.__doc__ is None,
      json.decoder.JSONDecoder.__doc__ is None,
      email.message.Message.__doc__ is not None, bot.app.build.__doc__ is not None)
"""


@pytest.mark.slow
def test_libraries_lose_their_docstrings_and_kenes_keeps_its_own() -> None:
    assert fresh_python(CHECK).split() == ["True"] * 5


def _lines(code: CodeType) -> list[int | None]:
    lines: list[int | None] = []
    for start, end, line in code.co_lines():
        lines += [line] * ((end - start) // 2)
    return lines


def _codes(code: CodeType) -> list[CodeType]:
    nested = [c for c in code.co_consts if isinstance(c, CodeType)]
    return [code, *(inner for c in nested for inner in _codes(c))]


@pytest.mark.parametrize("module", ["asyncio.base_events", "json.decoder", "bot.app"])
def test_location_tables_keep_every_instruction_s_line(module: str) -> None:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).read_bytes()
    code = compile(source, spec.origin, "exec", dont_inherit=True, optimize=2)

    reduced = lines_only(code)

    pairs = list(zip(_codes(code), _codes(reduced), strict=True))
    assert all(_lines(a) == _lines(b) for a, b in pairs)
    assert all(all(column is None for _, _, column, _ in b.co_positions()) for _, b in pairs)
    assert sum(len(b.co_linetable) for _, b in pairs) < sum(len(a.co_linetable) for a, _ in pairs)


def test_a_traceback_names_the_right_line(tmp_path: Path) -> None:
    source = tmp_path / "stripped_sample.py"
    source.write_text(
        '"""A module."""\n\n\ndef f(x):\n    """A docstring."""\n    y = x + 1\n'
        "    return 1 / (y - y)\n"
    )
    loader = DocstringlessLoader("stripped_sample", str(source))
    namespace: dict[str, object] = {}
    exec(loader.get_code("stripped_sample"), namespace)
    function = namespace["f"]
    assert callable(function)
    assert function.__doc__ is None

    with pytest.raises(ZeroDivisionError) as error:
        function(1)

    assert traceback.extract_tb(error.value.__traceback__)[-1].lineno == 7


def test_the_code_is_cached_in_the_opt_2_pyc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    source = tmp_path / "cached_sample.py"
    source.write_text('"""Doc."""\nVALUE = 42\n')
    loader = DocstringlessLoader("cached_sample", str(source))

    first = loader.get_code("cached_sample")
    cache = Path(importlib.util.cache_from_source(str(source), optimization=2))
    cache_bytes = cache.read_bytes()
    second = loader.get_code("cached_sample")  # from the cache

    assert cache_bytes[:4] == importlib.util.MAGIC_NUMBER
    namespace: dict[str, object] = {}
    exec(second, namespace)
    assert namespace["VALUE"] == 42 and namespace.get("__doc__") is None
    assert first.co_consts == second.co_consts
