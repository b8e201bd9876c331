"""`python -m <svc>_service verify`: does the database in use hold what this service's code expects?

One schema, checked from outside the code that wrote it: the server answers, the alembic revision is the
code's head, every table and named index the models declare is there, timestamps are `timestamptz` and JSON is
`jsonb`, every foreign key is validated, the service's seeds are present. Each problem is one line; the exit
status is 0 only when there is none. The figures a platform engineer wants beside it (server version, pool
settings in force) are printed too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, text
from sqlalchemy.exc import SQLAlchemyError

from wie_common.migrations import _config
from wie_common.settings import DatabaseSettings

SeedCheck = Callable[[Connection], Sequence[str]]


@dataclass
class Verdict:
    schema: str
    facts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.schema}: {fact}" for fact in self.facts]
        out += [f"{self.schema}: PROBLEM {problem}" for problem in self.problems]
        out.append(f"{self.schema}: {'ok' if not self.problems else f'{len(self.problems)} problem(s)'}")
        return out


def declared_indexes(metadata: MetaData, schema: str) -> set[str]:
    names: set[str] = set()
    for table in metadata.tables.values():
        if table.schema != schema:
            continue
        names |= {str(ix.name) for ix in table.indexes if ix.name}
        names |= {
            str(c.name) for c in table.constraints if c.name and c.__visit_name__ != "foreign_key_constraint"
        }
    return names


def _check_tables(conn: Connection, metadata: MetaData, schema: str, verdict: Verdict) -> None:
    present = set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}).scalars()
    )
    declared = {t.name for t in metadata.tables.values() if t.schema == schema}
    verdict.problems += [f"table {schema}.{name} is missing" for name in sorted(declared - present)]
    verdict.facts.append(f"{len(declared & present)}/{len(declared)} tables present")
    relations = set(
        conn.execute(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = :s AND c.relkind IN ('i', 'I')"
            ),
            {"s": schema},
        ).scalars()
    )
    constraints = set(
        conn.execute(
            text(
                "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                " WHERE n.nspname = :s"
            ),
            {"s": schema},
        ).scalars()
    )
    wanted = declared_indexes(metadata, schema)
    missing = sorted(wanted - relations - constraints)
    verdict.problems += [f"index or constraint {name} is missing" for name in missing]
    verdict.facts.append(f"{len(wanted) - len(missing)}/{len(wanted)} named indexes and constraints present")


def _check_types(conn: Connection, schema: str, verdict: Verdict) -> None:
    rows = conn.execute(
        text(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = :s AND data_type IN ('timestamp without time zone', 'json')"
            " ORDER BY table_name, column_name"
        ),
        {"s": schema},
    ).all()
    for table, column, data_type in rows:
        wanted = "timestamptz" if data_type.startswith("timestamp") else "jsonb"
        verdict.problems.append(f"column {schema}.{table}.{column} is {data_type}, expected {wanted}")


def _check_foreign_keys(conn: Connection, metadata: MetaData, schema: str, verdict: Verdict) -> None:
    rows = conn.execute(
        text(
            "SELECT conname, convalidated FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE n.nspname = :s AND c.contype = 'f'"
        ),
        {"s": schema},
    ).all()
    verdict.problems += [f"foreign key {name} is not validated" for name, valid in rows if not valid]
    declared = sum(len(t.foreign_key_constraints) for t in metadata.tables.values() if t.schema == schema)
    if len(rows) < declared:
        verdict.problems.append(f"{declared} foreign keys declared, {len(rows)} in the database")
    verdict.facts.append(f"{len(rows)} foreign keys, all validated" if rows else "no foreign keys")


def verify_schema(
    engine: Engine,
    *,
    package: str,
    schema: str,
    metadata: MetaData,
    settings: DatabaseSettings,
    seeds: SeedCheck | None = None,
) -> Verdict:
    verdict = Verdict(schema)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar_one()
            verdict.facts.append(f"PostgreSQL {version}")
            head = ScriptDirectory.from_config(_config(package, settings.database_url)).get_current_head()
            try:
                current = conn.execute(text(f'SELECT version_num FROM "{schema}".alembic_version')).scalar()  # noqa: S608 - schema is the service's constant
            except SQLAlchemyError:
                conn.rollback()
                current = None
            if current != head:
                verdict.problems.append(f"alembic revision is {current or 'none'}, the code's head is {head}")
            else:
                verdict.facts.append(f"alembic revision {current} (head)")
            _check_tables(conn, metadata, schema, verdict)
            _check_types(conn, schema, verdict)
            _check_foreign_keys(conn, metadata, schema, verdict)
            if seeds is not None and current is not None:
                verdict.problems += list(seeds(conn))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0]
        verdict.problems.append(f"database unreachable: {reason}")
        return verdict
    verdict.facts.append(
        f"pool size {settings.db_pool_size} + overflow {settings.db_max_overflow}, recycle "
        f"{settings.db_pool_recycle_s} s, pre-ping {'on' if settings.db_pool_pre_ping else 'off'}, "
        f"statement timeout {settings.db_statement_timeout_ms} ms"
    )
    return verdict
