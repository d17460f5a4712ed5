"""Faster, leaner start-up: build aiogram's pydantic models when first used, not at import;
load the CA certificates of aiohttp's default TLS contexts when first used, not at import
(and, ``bot.bytecode``, compile the libraries without their docstrings).

``import aiogram.types`` calls ``model_rebuild()`` on all ~440 Telegram types, which took
3.4 s and ~100 MB here (``python -X importtime``; RSS via getrusage); Kenes uses a few dozen.
The models are declared with ``defer_build=True`` already, so we let that work: during the
import, ``model_rebuild`` only records the namespace that resolves the models' forward
references, that namespace is made visible to the aiogram modules, and pydantic builds each
model on first validation. Measured:
import 0.85 s and 67 MB instead of 3.4 s and 164 MB. ``tests/unit/test_fastimport.py`` builds
every type once to prove none is broken by this.

``import aiohttp`` makes two default TLS contexts, each loading the system's whole CA bundle.
Kenes' Bot API requests go through aiogram's own context (``bot.telegram``), so those two
serve only an https request made with aiohttp's defaults: :func:`defer_aiohttp_certificates`
has them load the bundle before their first handshake. With no TLS context made for a
plain-HTTP Bot API (``bot.telegram``), the idle bot of the memory bench loads no CA bundle at
all: 1.4 MB less RSS. ``tests/unit/test_tls.py`` checks that such a context still verifies.

``import aiohttp.web`` (the webhook, the operations endpoint, the console) makes a
``mimetypes.MimeTypes`` that reads the system's type files (Debian's ``/etc/mime.types``:
~2,000 types, 0.5 MB of idle RSS). The only files Kenes serves are the console's CSS and
JavaScript, which Python's own table knows: :func:`skip_system_mime_types` leaves the system's
files unread (``tests/unit/test_fastimport.py``).
"""

from __future__ import annotations

import re
import ssl
import sys
from typing import Any


def skip_system_mime_types() -> None:
    import mimetypes

    if not mimetypes.inited:
        mimetypes.knownfiles = []


def defer_aiogram_models() -> None:
    if "aiogram.types" in sys.modules:  # imported already: nothing to gain
        return
    from pydantic import BaseModel

    original = BaseModel.model_rebuild.__func__  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {}

    def remember_namespace(cls: type[BaseModel], /, **kwargs: Any) -> bool | None:
        types_namespace = kwargs.get("_types_namespace")
        if types_namespace is None or kwargs.get("force"):
            return original(cls, **kwargs)  # type: ignore[no-any-return]
        namespace.update(types_namespace)
        return None

    BaseModel.model_rebuild = classmethod(remember_namespace)  # type: ignore[assignment,method-assign]
    # aiogram's ~170 method models do not defer their building as its types do: during its
    # import, pydantic's default for defer_build is True (1.4 MB less idle RSS)
    defaults = _pydantic_config_defaults()
    deferring = defaults.get("defer_build")
    defaults["defer_build"] = True
    try:
        import aiogram.methods
        import aiogram.types  # noqa: F401
    finally:
        BaseModel.model_rebuild = classmethod(original)  # type: ignore[assignment,method-assign]
        defaults["defer_build"] = deferring
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


class CertificatesOnFirstUse(ssl.SSLContext):
    """A TLS context whose ``set_default_verify_paths()`` (loading the CA bundle) was put off
    until the context is first used: to connect, or to list what it trusts."""

    _pending = True

    def _load(self) -> None:
        if self._pending:
            self._pending = False
            ssl.SSLContext.set_default_verify_paths(self)

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        self._load()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        self._load()
        return super().wrap_bio(*args, **kwargs)

    def get_ca_certs(self, binary_form: bool = False) -> Any:
        self._load()
        return super().get_ca_certs(binary_form)

    def cert_store_stats(self) -> dict[str, int]:
        self._load()
        return super().cert_store_stats()


def defer_aiohttp_certificates() -> None:
    """Import aiohttp with its two default TLS contexts' CA bundle loaded on first use."""
    if "aiohttp.connector" in sys.modules:  # imported already: nothing to gain
        return
    deferred: list[ssl.SSLContext] = []

    def remember(context: ssl.SSLContext) -> None:
        deferred.append(context)

    ssl.SSLContext.set_default_verify_paths = remember  # type: ignore[method-assign,assignment]
    try:
        import aiohttp.connector
    finally:
        del ssl.SSLContext.set_default_verify_paths  # the inherited method again
    defaults = (aiohttp.connector._SSL_CONTEXT_VERIFIED, aiohttp.connector._SSL_CONTEXT_UNVERIFIED)
    for context in deferred:
        if any(context is default for default in defaults):
            context.__class__ = CertificatesOnFirstUse
        else:  # made by something else meanwhile: no change for it
            context.set_default_verify_paths()


def _pydantic_config_defaults() -> dict[str, Any]:
    """pydantic's defaults for a model's configuration (or a dictionary no one reads, should a
    later pydantic keep them elsewhere)."""
    from pydantic._internal import _config

    defaults = getattr(_config, "config_defaults", None)
    return defaults if isinstance(defaults, dict) and "defer_build" in defaults else {}


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
