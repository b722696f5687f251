"""`monitor alerts test CHANNEL` against a real receiver and SMTP servers on 127.0.0.1."""

from __future__ import annotations

import json
import ssl
from pathlib import Path

import pytest

from monitor.cli import main
from tests.alerts.conftest import SMTP_PASSWORD, Receiver, SmtpServer, TLSPair
from tests.alerts.helpers import SECRET, webhook_channel, write_config


def monitor(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    capsys.readouterr()
    database = f"sqlite:///{tmp_path / 'monitor.db'}"
    try:
        main(["--config", str(config), "--database", database, *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_webhook_test_event_is_signed(
    tmp_path: Path,
    receiver: Receiver,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    receiver.verify_secrets = [SECRET]
    config = write_config(tmp_path, webhook_channel("crm", receiver.url))
    code, out = monitor(config, tmp_path, capsys, "alerts", "test", "crm")
    assert (code, out.strip()) == (0, "test event sent to crm: HTTP 200")
    (seen,) = receiver.requests
    assert seen.verified == {SECRET: True}
    body = json.loads(seen.body)
    assert body["test"] is True and body["council"]["name"] == "Test Council"
    code, out = monitor(config, tmp_path, capsys, "alerts")
    assert out.strip() == "(no rows)"  # nothing stored

    receiver.reply(500)
    code, out = monitor(config, tmp_path, capsys, "alerts", "test", "crm")
    assert code == 1 and "answered 500" in out and "token=abc" not in out


def test_unknown_channel_and_missing_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_WEBHOOK_SECRET", raising=False)
    config = write_config(tmp_path, webhook_channel("crm", "http://127.0.0.1:9/"))
    code, out = monitor(config, tmp_path, capsys, "alerts", "test", "crn")
    assert code == 2 and "no channel named 'crn'" in out
    code, out = monitor(config, tmp_path, capsys, "alerts", "test", "crm")
    assert code == 2 and "TEST_WEBHOOK_SECRET" in out


def test_email_test_over_starttls_checks_the_certificate(
    tmp_path: Path,
    starttls_smtp: SmtpServer,
    tls: TLSPair,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", SMTP_PASSWORD)
    channel = f"""
[[channels]]
name = "desk"
kind = "email"
host = "127.0.0.1"
port = {starttls_smtp.port}
security = "starttls"
username = "alerts"
password_env = "TEST_SMTP_PASSWORD"
from = "alerts@example.org"
to = ["desk@example.org"]
"""
    config = write_config(tmp_path, channel)
    # the test CA is not trusted: nothing is sent
    code, out = monitor(config, tmp_path, capsys, "alerts", "test", "desk")
    assert code == 1 and "certificate is not trusted" in out
    assert starttls_smtp.envelopes == []
    # trusted through the standard OpenSSL variable: sent, after login
    pem = tmp_path / "ca.pem"
    ca_pem = tls.client.get_ca_certs(binary_form=True)
    pem.write_text("".join(ssl.DER_cert_to_PEM_cert(c) for c in ca_pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    code, out = monitor(config, tmp_path, capsys, "alerts", "test", "desk")
    assert (code, out.strip()) == (0, "test event sent to desk: email to desk@example.org")
    assert starttls_smtp.sink.authenticated == [True]
