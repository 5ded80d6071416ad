"""A certificate for HTTPS on a laptop: a local CA, and a localhost certificate it signs.

Browsers trust a certificate because a CA they trust signed it. For development we make our own
CA (kept in the data folder, with its key readable by its owner only) and sign a certificate for
`localhost`, `127.0.0.1` and `::1` with it. Trust `ca.crt` in a browser or pass it to a client
(`curl --cacert`, `httpx.Client(verify=...)`); the CA can sign nothing but these names (its
name constraints say so), so trusting it does not let a stolen key impersonate other sites.

`python -m reference_app dev-certificate` makes them; `serve --https` serves with them.
"""

import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DNS_NAMES = ("localhost",)
IP_ADDRESSES = ("127.0.0.1", "::1")
CA_LIFETIME = timedelta(days=3650)
# Browsers refuse server certificates valid for more than 398 days.
CERTIFICATE_LIFETIME = timedelta(days=397)


@dataclass(frozen=True, slots=True)
class DevCertificate:
    ca_certificate: Path
    certificate: Path
    key: Path


def dev_certificate_paths(data_dir: Path) -> DevCertificate:
    folder = data_dir / "tls"
    return DevCertificate(folder / "ca.crt", folder / "localhost.crt", folder / "localhost.key")


def make_dev_certificate(data_dir: Path, now: datetime | None = None) -> DevCertificate:
    """Make the CA (once) and a fresh localhost certificate signed by it, in `data_dir/tls`."""
    now = now or datetime.now(UTC)
    paths = dev_certificate_paths(data_dir)
    paths.certificate.parent.mkdir(parents=True, exist_ok=True)
    ca_key_path = paths.ca_certificate.with_suffix(".key")
    if paths.ca_certificate.exists() and ca_key_path.exists():
        ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
        ca = x509.load_pem_x509_certificate(paths.ca_certificate.read_bytes())
        if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{ca_key_path} is not the EC key this command makes")
    else:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca = _ca_certificate(ca_key, now)
        _write_private(ca_key_path, _pem_key(ca_key))
        paths.ca_certificate.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _server_certificate(key, ca, ca_key, now)
    _write_private(paths.key, _pem_key(key))
    paths.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return paths


def _ca_certificate(key: ec.EllipticCurvePrivateKey, now: datetime) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Conduit development CA")])
    permitted: list[x509.GeneralName] = [x509.DNSName(n) for n in DNS_NAMES]
    permitted += [x509.IPAddress(ipaddress.ip_network(a)) for a in IP_ADDRESSES]
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _server_certificate(
    key: ec.EllipticCurvePrivateKey,
    ca: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    now: datetime,
) -> x509.Certificate:
    names: list[x509.GeneralName] = [x509.DNSName(n) for n in DNS_NAMES]
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in IP_ADDRESSES]
    ca_key_id = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + CERTIFICATE_LIFETIME)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_key_id),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_private(path: Path, content: bytes) -> None:
    """Write a key readable by its owner only, from its first byte on."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
