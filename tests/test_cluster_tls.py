"""`kata grade --dask` talks to the cluster over TLS with certificates: a real scheduler
and worker on the loopback, with certificates made for the test by the `openssl`
command, grade a submission; a client whose certificate the cluster's authority did
not sign is refused; plain tcp:// is refused off the loopback unless --insecure."""

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest

from kata import catalog
from kata.tools import cli
from kata.tools.common import UsageError
from kata.tools.grading import cluster, config
from kata.tools.grading.cluster_security import Tls, checked_address, cluster_from_arguments
from kata.tools.runner import REPO_ROOT

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(120)]


def make_authority(folder: Path, name: str) -> Tls:
    """A certificate authority of its own in ``folder``, and one certificate it signed
    (shared by the scheduler, the worker and the client, as a small cluster may)."""
    openssl = shutil.which("openssl") or pytest.skip("the openssl command makes the certificates")
    folder.mkdir(parents=True)
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for command in ([openssl, "req", "-x509", *curve, "-keyout", "ca-key.pem", "-out", "ca.pem",
                     "-days", "2", "-subj", f"/CN={name}-ca"],
                    [openssl, "req", *curve, "-keyout", "key.pem", "-out", "cert.csr",
                     "-subj", f"/CN={name}"],
                    [openssl, "x509", "-req", "-in", "cert.csr", "-CA", "ca.pem", "-CAkey",
                     "ca-key.pem", "-CAcreateserial", "-out", "cert.pem", "-days", "2"]):
        subprocess.run(command, cwd=folder, check=True, capture_output=True, timeout=30)
    return Tls(folder / "ca.pem", folder / "cert.pem", folder / "key.pem")


@pytest.fixture
def tls_cluster(tmp_path):
    """A scheduler and one single-threaded worker on the loopback that speak TLS only."""
    distributed = pytest.importorskip("distributed", reason="the cluster extra: pip install -e '.[cluster]'")
    tls = make_authority(tmp_path / "pki", "kata-grading")
    files = {"tls_ca_file": str(tls.ca)}
    for role in ("scheduler", "worker", "client"):
        files.update({f"tls_{role}_cert": str(tls.cert), f"tls_{role}_key": str(tls.key)})
    security = distributed.Security(require_encryption=True, **files)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tls://", host="127.0.0.1", security=security,
                                  dashboard_address=None) as local:
        yield local.scheduler_address, tls


def test_a_class_is_graded_over_tls(tls_cluster, tmp_path, capsys):
    address, tls = tls_cluster
    assert address.startswith("tls://127.0.0.1:")
    module = catalog.get("ex5_1").filename
    (tmp_path / "class" / "ada" / module).parent.mkdir(parents=True)
    shutil.copyfile(REPO_ROOT / "reference" / module, tmp_path / "class" / "ada" / module)
    status = cli.run(["grade", "--class", str(tmp_path / "class"), "--out", str(tmp_path / "grades"),
                      "--exercises", "ex5_1", "--timeout", "60", "--dask", address,
                      "--dask-tls", str(tls.ca), str(tls.cert), str(tls.key)])
    printed = capsys.readouterr().out
    assert status == 0 and f"on the Dask cluster at {address}" in printed, printed
    assert "ada,100" in (tmp_path / "grades" / "gradebook.csv").read_text()


def test_a_certificate_from_another_authority_is_refused(tls_cluster, tmp_path, monkeypatch):
    address, _ = tls_cluster
    stranger = make_authority(tmp_path / "stranger", "someone-else")
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 3)
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        cluster.connect(address, ["ex5_1"], stranger)
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):  # no TLS at all
        cluster.connect(address.replace("tls://", "tcp://"), ["ex5_1"], None)


TLS = Tls(Path("ca.pem"), Path("cert.pem"), Path("key.pem"))


@pytest.mark.parametrize("address, tls, insecure, expected", [
    ("tcp://127.0.0.1:8786", None, False, "tcp://127.0.0.1:8786"),
    ("localhost:8786", None, False, "tcp://localhost:8786"),
    ("tcp://[::1]:8786", None, False, "tcp://[::1]:8786"),
    ("tcp://10.0.0.7:8786", None, True, "tcp://10.0.0.7:8786"),
    ("tls://grader.example.org:8786", TLS, False, "tls://grader.example.org:8786"),
    ("tcp://10.0.0.7:8786", None, False, "plain tcp:// has no encryption"),
    ("grader.example.org:8786", None, False, "plain tcp:// has no encryption"),
    ("tcp://localhost.evil.org:8786", None, False, "plain tcp:// has no encryption"),
    ("tls://grader.example.org:8786", None, False, "needs the cluster's CA"),
    ("tcp://grader.example.org:8786", TLS, False, "the scheduler's address is tls://"),
    ("ws://127.0.0.1:8786", None, True, "not ws://"),
])
def test_plain_tcp_only_on_the_loopback_or_when_insecure(address, tls, insecure, expected):
    if expected.startswith(("tcp://", "tls://")):
        assert checked_address(address, tls, insecure) == expected
    else:
        with pytest.raises(UsageError, match=expected):
            checked_address(address, tls, insecure)


def test_certificates_from_grading_toml_or_the_command_line(tmp_path):
    for name in ("ca.pem", "me.pem", "me-key.pem"):
        (tmp_path / name).write_text("PEM\n")
    settings = config.parse({"points": {"ex5_1": 1},
                             "dask": {"tls-ca": "ca.pem", "tls-cert": "me.pem", "tls-key": "me-key.pem"}},
                            tmp_path / "grading.toml")
    assert settings.narrowed(["ex5_1"]).dask_tls == Tls(tmp_path / "ca.pem", tmp_path / "me.pem",
                                                        tmp_path / "me-key.pem")
    args = argparse.Namespace(dask="tls://grader:8786", dask_tls=None, insecure=False)
    assert cluster_from_arguments(args, settings.dask_tls) == ("tls://grader:8786", settings.dask_tls)
    args.dask_tls = [str(tmp_path / "ca.pem"), str(tmp_path / "missing.pem"), str(tmp_path / "me-key.pem")]
    with pytest.raises(UsageError, match="missing.pem is not a file"):
        cluster_from_arguments(args, settings.dask_tls)
    with pytest.raises(UsageError, match=r"\[dask\] takes exactly"):
        config.parse({"dask": {"tls-ca": "ca.pem"}}, tmp_path / "grading.toml")
    with pytest.raises(UsageError, match="only applies with --dask"):
        cluster_from_arguments(argparse.Namespace(dask=None, dask_tls=None, insecure=True), None)
