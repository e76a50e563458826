"""PostgreSQL for the tests: one server per run, a fresh database per test.

The server is MTIME_TEST_PG (a superuser's URL: `.ci/run` starts a throwaway cluster and sets it)
or, when that is unset, a cluster the run starts itself (tests/pg_cluster.py) and stops at the
end. No server is never a silent pass: the tests that need one fail and say how to get one
(MTIME_TEST_PG=off skips them on purpose, e.g. on a machine without PostgreSQL; CI never does).

Each test gets a database of its own, made from a template that the run migrates once
(CREATE DATABASE … TEMPLATE: ~15 ms), and dropped afterwards.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ENGINES = ("sqlite", "postgresql")
# One template per pytest-xdist worker: a database cannot be copied while another session uses it.
TEMPLATE = "mtime_template_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
_names = itertools.count(1)


def with_database(url: str, name: str) -> str:
    """`url` pointing at the database `name` on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def with_user(url: str, user: str, password: str | None = None) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    login = user if password is None else f"{user}:{password}"
    netloc = f"{login}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def admin_sql(url: str, *statements: str) -> list[tuple]:
    """Run statements outside a transaction on the server's `postgres` database; last rows."""
    import psycopg2

    conn = psycopg2.connect(with_database(url, "postgres"))
    conn.autocommit = True
    rows: list[tuple] = []
    try:
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement)
                rows = cur.fetchall() if cur.description else []
    finally:
        conn.close()
    return rows


@pytest.fixture(scope="session")
def pg_server():
    """The superuser URL of the test server (see the module docstring)."""
    url = os.environ.get("MTIME_TEST_PG", "").strip()
    if url == "off":
        if os.environ.get("CI"):
            pytest.fail("MTIME_TEST_PG=off in CI: the PostgreSQL tests must run there")
        pytest.skip("MTIME_TEST_PG=off: PostgreSQL tests skipped on purpose")
    if url:
        yield url
        return
    from tests import pg_cluster

    if os.environ.get("CI"):
        pytest.fail("CI=true but MTIME_TEST_PG is unset: .ci/run starts the server and sets it")
    if pg_cluster.server_bin() is None:
        pytest.fail(
            "No PostgreSQL server for the PostgreSQL tests: install the `postgresql` package "
            "(its initdb/pg_ctl), or set MTIME_TEST_PG=postgresql://…, or MTIME_TEST_PG=off"
        )
    base = Path(tempfile.mkdtemp(prefix="mtime-pg-"))
    try:
        yield pg_cluster.start(base)
    finally:
        pg_cluster.stop(base)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A database migrated to the latest schema, the template of every test's database."""
    from mtime_tui.core.storage import db

    admin_sql(pg_server, f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)",
              f"CREATE DATABASE {TEMPLATE}")
    db.open_database(with_database(pg_server, TEMPLATE))
    db.close_database()
    return TEMPLATE


def fresh_database(server: str, template: str = "template0") -> str:
    """A new empty (or templated) database on `server`; returns its URL."""
    name = f"mtime_t{os.getpid()}_{next(_names)}"
    admin_sql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
              f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
    return with_database(server, name)


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    admin_sql(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_server, pg_template):
    """A salon database of its own on the test server, at the latest schema, empty."""
    url = fresh_database(pg_server, pg_template)
    yield url
    from mtime_tui.core.storage import db

    db.close_database()
    drop_database(url)


@pytest.fixture
def pg_empty(pg_server):
    """An empty database (no tables at all) on the test server."""
    url = fresh_database(pg_server)
    yield url
    drop_database(url)


def mask(url: str) -> str:
    """The URL with its password replaced, for test ids and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(":" + parts.password + "@", ":***@")))
