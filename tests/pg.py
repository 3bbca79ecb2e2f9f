"""A throw-away PostgreSQL + PostGIS server for the store tests.

Started on a Unix socket in a fresh temporary directory (so parallel runs and a
server already running on the machine never collide), as the `postgres` user when
the tests run as root (initdb refuses root), and stopped by its pid afterwards.
`make test` installs the Debian packages; without them the PostgreSQL half of the
store tests skips with a message, except in CI, where it fails.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "afk_template"


def missing() -> str | None:
    """Why a server cannot be started here, or None."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL binaries not found in {PG_BIN} (make test installs them as root)"
    if not list(Path("/usr/share/postgresql").glob("*/extension/postgis.control")):
        return "PostGIS is not installed (package postgresql-15-postgis-3)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no 'postgres' user to run the server"
    return None


def _run(tmp: str, prog: str, *args: str) -> None:
    cmd = [str(PG_BIN / prog), *args]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, cwd=tmp, check=True, capture_output=True, text=True)


@contextmanager
def server() -> Iterator[str]:
    """Yield the URL of a running server whose template database has PostGIS."""
    tmp = tempfile.mkdtemp(prefix="pgtest-")  # under /tmp: reachable by postgres
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
    data = f"{tmp}/data"
    try:
        _run(
            tmp,
            "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-N",
        )
        opts = (
            f"-c listen_addresses='' -c unix_socket_directories={tmp} -c max_connections=60 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run(
            tmp,
            "pg_ctl",
            "-D",
            data,
            "-l",
            f"{tmp}/server.log",
            "-o",
            opts,
            "-w",
            "-t",
            "30",
            "start",
        )
        admin = create_engine(
            f"postgresql+psycopg://postgres@/postgres?host={tmp}", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {TEMPLATE}"))
        template = create_engine(f"postgresql+psycopg://postgres@/{TEMPLATE}?host={tmp}")
        with template.begin() as conn:
            conn.execute(text("CREATE EXTENSION postgis"))
        template.dispose()
        admin.dispose()
        yield f"postgresql+psycopg://postgres@/postgres?host={tmp}"
    finally:
        if os.path.exists(f"{data}/postmaster.pid"):
            _run(tmp, "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


def fresh_database(server_url: str, name: str) -> str:
    """A new database cloned from the PostGIS template; returns its URL."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}'))
    admin.dispose()
    return server_url.replace("/postgres?", f"/{name}?")
