"""The development certificate: a CA, and a localhost certificate a TLS client accepts."""

import ssl
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509

from reference_app.__main__ import main
from reference_app.dev_certificate import make_dev_certificate


def test_the_certificate_is_trusted_through_the_ca_for_localhost(tmp_path: Path) -> None:
    made = make_dev_certificate(tmp_path)
    # A TLS server loads it, and a client trusting only the CA accepts it for each name.
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(made.certificate, made.key)
    certificate = x509.load_pem_x509_certificate(made.certificate.read_bytes())
    ca = x509.load_pem_x509_certificate(made.ca_certificate.read_bytes())
    certificate.verify_directly_issued_by(ca)
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["127.0.0.1", "::1"]
    assert certificate.not_valid_after_utc > datetime.now(UTC)


def test_keys_are_readable_by_their_owner_only_and_the_ca_is_kept(tmp_path: Path) -> None:
    first = make_dev_certificate(tmp_path)
    ca_before = first.ca_certificate.read_bytes()
    second = make_dev_certificate(tmp_path)
    assert second.ca_certificate.read_bytes() == ca_before, "a new CA would need trusting again"
    for key in (second.key, second.ca_certificate.with_suffix(".key")):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600, key


def test_the_command_makes_them_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ENVIRONMENT", "test")
    assert main(["dev-certificate"]) == 0
    assert (tmp_path / "tls" / "localhost.crt").exists()
    assert "trust that CA" in capsys.readouterr().out
