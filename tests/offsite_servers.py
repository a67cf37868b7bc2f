"""Real servers for the off-site tests, on 127.0.0.1 and free ports: OpenSSH (Debian's
openssh-server, with a host key and a user key made for the test) and moto in server
mode (S3). Each is started once per test module."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

SSHD = "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class SFTP:
    """An OpenSSH server for the current user, who logs in with a key made here."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.user = getpass.getuser()
        self.port = free_port()
        self.key = folder / "user_key"
        host_key = folder / "host_key"
        for key in (self.key, host_key):
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True
            )
        self.host_key = " ".join(Path(f"{host_key}.pub").read_text().split()[:2])
        (folder / "authorized_keys").write_text(Path(f"{self.key}.pub").read_text())
        config = folder / "sshd_config"
        config.write_text(
            f"ListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {folder}/sshd.pid\n"
            f"AuthorizedKeysFile {folder}/authorized_keys\nPermitRootLogin prohibit-password\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
            "StrictModes no\nSubsystem sftp internal-sftp\nLogLevel ERROR\n"
        )
        Path("/run/sshd").mkdir(exist_ok=True)  # its privilege separation folder
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config), "-p", str(self.port)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for_port(self.port, self.process, "sshd")

    def url(self, path: Path) -> str:
        return f"sftp://{self.user}@127.0.0.1:{self.port}{path}"


class S3:
    """moto's S3 in server mode, with one bucket."""

    bucket = "journal-replicas"
    key_id = "AKIAJOURNALTEST0001"
    secret = "s3cr3t-Journal-Test-Key-9f8e7d6c5b4a"

    def __init__(self):
        self.port = free_port()
        server = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
        self.process = subprocess.Popen(
            [server, "-H", "127.0.0.1", "-p", str(self.port)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for_port(self.port, self.process, "moto_server")
        import boto3

        boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.key_id,
            aws_secret_access_key=self.secret,
        ).create_bucket(Bucket=self.bucket)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"s3://{self.bucket}/{path}"


@pytest.fixture(scope="module")
def sftp_server(tmp_path_factory):
    if not os.path.exists(SSHD):
        pytest.fail("the off-site tests need openssh-server (apt-get install openssh-server)")
    server = SFTP(tmp_path_factory.mktemp("sshd"))
    yield server
    stop(server.process)


@pytest.fixture(scope="module")
def s3_server():
    server = S3()
    yield server
    stop(server.process)
