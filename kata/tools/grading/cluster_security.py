"""Who may talk to the Dask cluster that grades a class: TLS with certificates.

Tools side. A Dask scheduler runs whatever a client sends it, so a scheduler that
anyone can reach runs anyone's code on the graders. ``kata grade --dask`` therefore
connects with TLS and a client certificate signed by the cluster's own authority
(``--dask-tls CA CERT KEY`` or ``grading.toml``'s ``[dask]`` table), through
``distributed.Security`` with encryption required. Plain ``tcp://`` is accepted only
for a scheduler on this machine's loopback, or when ``--insecure`` says so outright.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence, Tuple

from kata.tools.common import UsageError

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
PLAIN, SECURE = "tcp", "tls"


@dataclass(frozen=True)
class Tls:
    """The cluster's certificate authority, and this client's certificate and key (PEM files)."""
    ca: Path
    cert: Path
    key: Path

    def checked(self, where: str) -> "Tls":
        for what, path in (("CA certificate", self.ca), ("certificate", self.cert), ("key", self.key)):
            if not path.is_file():
                raise UsageError(f"{where}: the {what} {path} is not a file")
        return self


def tls_from(paths: Optional[Sequence[str]], configured: Optional[Tls]) -> Optional[Tls]:
    """``--dask-tls CA CERT KEY`` when given, else grading.toml's, else None."""
    if paths:
        return Tls(*(Path(p).expanduser() for p in paths)).checked("--dask-tls")
    return configured.checked("grading.toml [dask]") if configured is not None else None


def split(address: str):
    """(scheme, host, rest) of a Dask address; a bare HOST:PORT is tcp, as for Dask."""
    scheme, _, rest = address.rpartition("://") if "://" in address else ("", "", address)
    scheme = scheme.lower() or PLAIN
    if rest.startswith("["):  # [::1]:8786
        host = rest[1:rest.find("]")] if "]" in rest else rest
    else:
        host = rest.rsplit(":", 1)[0] if rest.count(":") == 1 else rest
    return scheme, host, rest


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: resolving it would trust the DNS, so it is not loopback
        return False


def checked_address(address: str, tls: Optional[Tls], insecure: bool) -> str:
    """The address to connect to, or a UsageError that says how to secure it."""
    scheme, host, rest = split(address)
    if scheme not in (PLAIN, SECURE):
        raise UsageError(f"--dask {address}: kata grade speaks tls:// (or tcp:// on the loopback), "
                         f"not {scheme}://")
    if not host:
        raise UsageError(f"--dask {address}: no host; write tls://HOST:8786")
    if scheme == SECURE:
        if tls is None:
            raise UsageError(f"--dask {address}: a tls:// scheduler needs the cluster's CA and a "
                             f"client certificate: --dask-tls CA CERT KEY, or [dask] tls-ca, "
                             f"tls-cert and tls-key in grading.toml")
        return f"{SECURE}://{rest}"
    if tls is not None:
        raise UsageError(f"--dask {address}: with certificates the scheduler's address is "
                         f"tls://{rest} (start it with `dask scheduler --tls-ca-file ...`)")
    if not (insecure or is_loopback(host)):
        raise UsageError(
            f"--dask {address}: plain tcp:// has no encryption and no authentication, so anyone "
            f"who reaches {host} could run code on the graders. Use tls://{rest} with --dask-tls "
            f"CA CERT KEY (README, 'Grading a class'), or say --insecure on a network you trust")
    return f"{PLAIN}://{rest}"


def cluster_from_arguments(args, configured: Optional[Tls]) -> Tuple[Optional[str], Optional[Tls]]:
    """``kata grade``'s scheduler address and certificates, once they pass the rules above."""
    paths, insecure = getattr(args, "dask_tls", None), getattr(args, "insecure", False)
    if not args.dask:
        if paths or insecure:
            raise UsageError(f"{'--dask-tls' if paths else '--insecure'} only applies with --dask ADDRESS")
        return None, None
    tls = tls_from(paths, configured)
    return checked_address(args.dask, tls, insecure), tls


def security(tls: Optional[Tls]):
    """The ``distributed.Security`` for ``tls`` (None: plain, which only the loopback or
    --insecure allows)."""
    from distributed import Security

    if tls is None:
        return Security(require_encryption=False)
    return Security(tls_ca_file=str(tls.ca), tls_client_cert=str(tls.cert),
                    tls_client_key=str(tls.key), require_encryption=True)
