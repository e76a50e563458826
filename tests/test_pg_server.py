"""The PostgreSQL test server is there and has what the salon's schema needs."""

from __future__ import annotations

from tests.pg_fixtures import admin_sql, with_database


def test_the_server_answers_and_offers_btree_gist(pg_empty):
    (version,) = admin_sql(pg_empty, "SHOW server_version_num")[0]
    assert int(version) >= 120000
    import psycopg2

    conn = psycopg2.connect(pg_empty)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            cur.execute("SELECT extname FROM pg_extension WHERE extname = 'btree_gist'")
            assert cur.fetchall() == [("btree_gist",)]
    finally:
        conn.close()


def test_each_test_gets_a_database_of_its_own(pg_server, pg_empty):
    name = pg_empty.rsplit("/", 1)[1]
    rows = admin_sql(with_database(pg_server, "postgres"),
                     f"SELECT datname FROM pg_database WHERE datname = '{name}'")
    assert rows == [(name,)]
