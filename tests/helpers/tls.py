"""A loopback TLS-terminating proxy in front of sqld, with a test CA and certificate made per run."""

from __future__ import annotations

import datetime
import ipaddress
import select
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from helpers.loopback import HOST

TLS_NAME = "db.example.test"  # a name the test certificate also holds, never looked up

# --- TLS ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TlsFiles:
    """A test CA and a server certificate it signed for 127.0.0.1 and localhost (PEM files)."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def make_tls_files(directory: Path) -> TlsFiles:
    """Generate a CA and a leaf certificate (SAN: 127.0.0.1, localhost) valid for a day either side of now."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "schemagen test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address(HOST)),
                    x509.DNSName(TLS_NAME),  # reached only through a CONNECT proxy (test_db_proxy.py)
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    files = TlsFiles(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    files.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


class TlsProxy:
    """Terminates TLS on 127.0.0.1:<port> and forwards the plain bytes to 127.0.0.1:<upstream_port>."""

    def __init__(self, upstream_port: int, directory: Path) -> None:
        self.upstream_port = upstream_port
        self.files = make_tls_files(directory)
        self.connections = 0  # TLS connections accepted: one per HTTP request of the client under test
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._context.load_cert_chain(self.files.cert_file, self.files.key_file)
        self._listener = socket.create_server((HOST, 0))
        self._listener.settimeout(0.2)  # accept() wakes up to notice stop(); closing alone would not wake it
        self.port: int = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept_loop, name="tls-proxy", daemon=True)
        self._thread.start()

    @property
    def https_url(self) -> str:
        """https:// URL of the proxy."""
        return f"https://{HOST}:{self.port}"

    @property
    def libsql_url(self) -> str:
        """libsql:// URL of the proxy (libsql:// means TLS)."""
        return f"libsql://{HOST}:{self.port}"

    @property
    def ca_file(self) -> str:
        """The CA certificate a client must trust to talk to this proxy."""
        return str(self.files.ca_file)

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # listener closed by stop()
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), name="tls-proxy-conn", daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        """Handshake, connect upstream, then copy bytes both ways until either side closes."""
        try:
            conn.settimeout(10.0)
            tls = self._context.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            conn.close()  # e.g. the client refused our certificate
            return
        with tls, socket.create_connection((HOST, self.upstream_port), timeout=10.0) as upstream:
            tls.settimeout(None)
            upstream.settimeout(None)
            for _ in self._pump(tls, upstream):
                if self._closed.is_set():
                    break

    def _pump(self, tls: ssl.SSLSocket, upstream: socket.socket) -> Iterator[None]:
        """Copy data until EOF or error; one iteration per select wake-up."""
        while True:
            readable = [tls] if tls.pending() else select.select([tls, upstream], [], [], 0.5)[0]
            try:
                if tls in readable:
                    data = tls.recv(65536)
                    if not data:
                        return
                    upstream.sendall(data)
                if upstream in readable:
                    data = upstream.recv(65536)
                    if not data:
                        return
                    tls.sendall(data)
            except (OSError, ssl.SSLError):
                return
            yield

    def stop(self) -> None:
        """Stop accepting; live connections end at their next wake-up."""
        self._closed.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def __enter__(self) -> TlsProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
