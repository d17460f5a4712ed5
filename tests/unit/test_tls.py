"""TLS after the idle-memory work (issue 19 part 3): aiohttp's default contexts load their CA
bundle on first use (``bot.fastimport``), and the Bot API session makes its own verified
context only for an https Bot API (``bot.telegram``). A production process still verifies."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.telegram import TelegramSession
from tests.unit.fresh_python import fresh_python


def test_an_https_bot_api_gets_a_verifying_context_with_certificates() -> None:
    session = TelegramSession(TelegramAPIServer.from_base("https://api.telegram.org"), timeout=5)

    context = session._connector_init["ssl"]

    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0  # certifi's bundle, as aiogram's


def test_a_plain_http_bot_api_makes_no_context_and_is_otherwise_aiogram_s() -> None:
    api = TelegramAPIServer.from_base("http://127.0.0.1:8081")
    ours = TelegramSession(api, timeout=5)
    aiogram_s = AiohttpSession(api=api, timeout=5)

    assert "ssl" not in ours._connector_init
    assert vars(ours).keys() - {"_tls"} == vars(aiogram_s).keys()
    assert ours._connector_init == {
        key: value for key, value in aiogram_s._connector_init.items() if key != "ssl"
    }
    assert ours._connector_type is aiogram_s._connector_type


CONTEXTS = """
import ssl, sys
import bot  # defers the bundle
import aiohttp.connector as connector
verified, unverified = connector._SSL_CONTEXT_VERIFIED, connector._SSL_CONTEXT_UNVERIFIED
assert isinstance(verified, ssl.SSLContext) and isinstance(unverified, ssl.SSLContext)
assert verified.verify_mode == ssl.CERT_REQUIRED and verified.check_hostname
assert unverified.verify_mode == ssl.CERT_NONE and not unverified.check_hostname
before = ssl._ssl._SSLContext.cert_store_stats(verified)["x509_ca"]
after = verified.cert_store_stats()["x509_ca"]  # a first use loads it
print(before, after > 0)
"""


@pytest.mark.slow
def test_aiohttp_s_default_contexts_load_their_certificates_on_first_use() -> None:
    assert fresh_python(CONTEXTS).split() == ["0", "True"]


HANDSHAKE = """
import asyncio, ssl, sys
import bot  # defers the bundle of aiohttp's default contexts
import aiohttp
from aiohttp import web

async def main():
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(sys.argv[1], sys.argv[2])
    app = web.Application()
    app.router.add_get("/", lambda request: web.Response(text="verified"))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as client:  # aiohttp's default (verified) context
            async with client.get(f"https://localhost:{port}/") as response:
                print(await response.text())
    except aiohttp.ClientConnectorCertificateError:
        print("refused")
    finally:
        await runner.cleanup()

asyncio.run(main())
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_the_deferred_default_context_verifies_the_server(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}

    def handshake(**extra: str) -> str:
        return fresh_python(HANDSHAKE, str(cert), str(key), env=env | extra)

    assert handshake() == "refused"  # not in the system's bundle: not trusted
    assert handshake(SSL_CERT_FILE=str(cert)) == "verified"  # the bundle read on first use
