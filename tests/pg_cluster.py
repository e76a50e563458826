"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temp folder, 127.0.0.1 only.

The server binaries come from the system's `postgresql` package (Debian keeps them in
/usr/lib/postgresql/<version>/bin). initdb refuses to run as root, so as root the cluster belongs
to `nobody`. The cluster is tuned for tests (fsync off: nothing here must survive a power cut) and
has two roles: `postgres` (trust, the superuser the tests use) and `mtime_pw` (password "secret",
scram-sha-256: the wrong-password tests need a role that asks for one).

    python -m tests.pg_cluster start DIR   print the URL of a new cluster in DIR
    python -m tests.pg_cluster stop DIR    stop it (the caller removes DIR)

`.ci/run` uses these; the test fixtures start one of their own when MTIME_TEST_PG is unset.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

PASSWORD_ROLE = "mtime_pw"
PASSWORD = "secret"

SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{dir}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
log_min_messages = warning
"""

HBA = f"""
local all all trust
host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
"""


def server_bin() -> Path | None:
    """The newest installed server's bin folder (initdb, pg_ctl), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _version(path: str) -> tuple[int, ...]:
    part = Path(path).parent.parent.name
    return tuple(int(p) for p in part.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], owner_dir: Path) -> None:
    if os.geteuid() == 0:  # initdb and postgres refuse root
        shutil.chown(owner_dir, "nobody")
        args = ["runuser", "-u", "nobody", "--", *args]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd="/")


def start(base: Path) -> str:
    """Create and start a cluster under `base`; returns the superuser's URL."""
    bindir = server_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found: apt-get install postgresql")
    base.mkdir(parents=True, exist_ok=True)
    data = base / "data"
    port = _free_port()
    _run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
          "--locale=C.UTF-8", "-N"], base)
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(SETTINGS.format(port=port, dir=base))
    (data / "pg_hba.conf").write_text(HBA)
    if os.geteuid() == 0:
        shutil.chown(data / "pg_hba.conf", "nobody")
    _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-t", "60",
          "start"], base)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    import psycopg2

    with psycopg2.connect(url) as conn:
        conn.autocommit = True
        conn.cursor().execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
    conn.close()
    return url


def stop(base: Path) -> None:
    bindir = server_bin()
    data = base / "data"
    if bindir is None or not (data / "postmaster.pid").exists():
        return
    _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], base)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    base = Path(argv[1])
    if argv[0] == "start":
        try:
            print(start(base))
        except subprocess.CalledProcessError as exc:
            print(exc.stderr.decode(errors="replace"), file=sys.stderr)
            return 1
    else:
        stop(base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
