"""Linking a new report to the previous tracked report of its warehouse (spec/rules.md §5), in set-based SQL.

Everything runs inside the new report's transaction, on a session that holds the warehouse's link lock:

1. the new anomalies were COPYed into a temporary staging table (`stage` — outside the lock, it is the
   heavy part);
2. `previous_report` picks P, the warehouse's latest tracked, succeeded report by (as_of, commit order),
   unless the new report is back-filled (older as_of);
3. `insert_linked` writes the staged anomalies into `anomalies` in ONE INSERT … SELECT that joins P's
   anomalies on the fingerprint (continue / recur / new) and writes the carry-over history entries;
4. `retire_previous` moves P's open anomalies in ONE UPDATE: CLEARED when this report carries them on,
   RESOLVED when they are gone. The move is kept on the row that UPDATE rewrites anyway (`retired_*`) and
   shown in the histories by `history_of_links` (changed_by "system"): the CLEARED/RESOLVED entry of B and
   the carry-over entry that starts A's history. Writing 600,000 history rows per daily upload would be most
   of the linking's cost;
5. `record_link` stores the link, the continuity counts and the report's place in the commit order.

No statement loops over anomalies in Python. The lock (`lock_warehouse`) serialises uploads, report deletes
and status moves of one warehouse, so concurrent uploads are linked in the order they commit and the statuses
read in step 3 are the ones step 4 replaces.
"""

from __future__ import annotations

import io
import json
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from analysis_service.db.schema import SCHEMA

# First key of the two-key advisory lock; the second is hashtext(warehouse_id).
LINK_LOCK = zlib.crc32(b"wie-analysis-warehouse-link") & 0x7FFFFFFF
OPEN = ("NEW", "ACKNOWLEDGED", "IN_PROGRESS")
STAGED_COLUMNS = (
    "ord, rule_id, rule_version, rule_type, rule_name, priority, priority_rank, pallet_id, location, rows, "
    "message, details, fingerprint"
)
_OPEN_SQL = "('NEW', 'ACKNOWLEDGED', 'IN_PROGRESS')"


@dataclass(frozen=True)
class Previous:
    id: uuid.UUID
    as_of: datetime


@dataclass(frozen=True)
class Continuity:
    new: int = 0
    carried: int = 0
    recurred: int = 0
    resolved: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "carried": self.carried,
            "recurred": self.recurred,
            "resolved": self.resolved,
        }


def lock_warehouse(session: Session, warehouse_id: str, *, shared: bool = False) -> None:
    """Until the transaction ends: exclusive for linking and undoing, shared for status moves."""
    fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    session.execute(text(f"SELECT {fn}(:k, hashtext(:w))"), {"k": LINK_LOCK, "w": warehouse_id})


def stage(session: Session, rows: io.StringIO) -> None:
    """COPY the new report's anomalies (csv, columns STAGED_COLUMNS) into a table dropped at commit."""
    session.execute(
        text(
            """
            CREATE TEMPORARY TABLE staged_anomalies (
                ord integer NOT NULL, rule_id varchar(64) NOT NULL, rule_version integer NOT NULL,
                rule_type varchar(40) NOT NULL, rule_name varchar(200) NOT NULL,
                priority varchar(16) NOT NULL, priority_rank smallint NOT NULL, pallet_id text, location text,
                rows integer[] NOT NULL,
                message text NOT NULL, details jsonb NOT NULL, fingerprint text NOT NULL
            ) ON COMMIT DROP
            """
        )
    )
    cursor = session.connection().connection.cursor()
    cursor.copy_expert(
        f"COPY staged_anomalies ({STAGED_COLUMNS}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", rows
    )
    session.execute(text("ANALYZE staged_anomalies"))  # row count and widths for the join below


def previous_report(session: Session, warehouse_id: str, report_id: uuid.UUID) -> Previous | None:
    """The warehouse's latest tracked, succeeded report other than `report_id`, by as_of then commit order."""
    row = session.execute(
        text(
            f"""
            SELECT id, as_of FROM {SCHEMA}.reports
            WHERE warehouse_id = :w AND tracked AND id <> :r
              AND status = 'succeeded'
            ORDER BY as_of DESC, commit_seq DESC
            LIMIT 1
            """  # noqa: S608 - SCHEMA is a module constant
        ),
        {"w": warehouse_id, "r": report_id},
    ).first()
    return Previous(row.id, row.as_of) if row else None


def record_link(
    session: Session,
    report_id: uuid.UUID,
    previous: Previous | None,
    continuity: Continuity,
    warnings: list[dict[str, str]],
) -> None:
    """The report's place in the commit order (taken under the lock), its link, counts and warnings."""
    session.execute(
        text(
            f"UPDATE {SCHEMA}.reports SET commit_seq = nextval('{SCHEMA}.reports_commit_seq'),"  # noqa: S608
            " previous_report_id = :p, continuity = CAST(:c AS jsonb), warnings = CAST(:w AS jsonb)"
            " WHERE id = :r"
        ),
        {
            "r": report_id,
            "p": previous.id if previous else None,
            "c": json.dumps(continuity.as_dict()),
            "w": json.dumps(warnings),
        },
    )


_INSERT_LINKED = text(
    f"""
    WITH prev AS (
        SELECT id, status, fingerprint, first_seen_at, seen_count FROM {SCHEMA}.anomalies
        WHERE report_id = :prev
    ), ins AS (
        INSERT INTO {SCHEMA}.anomalies (
            report_id, warehouse_id, rule_id, rule_version, rule_type, rule_name, priority, priority_rank,
            pallet_id, location, rows, message, details, fingerprint,
            status, first_seen_at, seen_count, previous_id, recurred)
        SELECT :rid, :wid, s.rule_id, s.rule_version, s.rule_type, s.rule_name, s.priority, s.priority_rank,
               s.pallet_id, s.location, s.rows, s.message, s.details, s.fingerprint,
               CASE WHEN b.status IN {_OPEN_SQL} THEN b.status ELSE 'NEW' END,
               CASE WHEN b.status IN {_OPEN_SQL} THEN b.first_seen_at ELSE :as_of END,
               CASE WHEN b.status IN {_OPEN_SQL} THEN b.seen_count + 1 ELSE 1 END,
               CASE WHEN b.status IN {_OPEN_SQL} OR b.status = 'RESOLVED' THEN b.id END,
               coalesce(b.status = 'RESOLVED', false)
        FROM staged_anomalies s LEFT JOIN prev b ON b.fingerprint = s.fingerprint
        ORDER BY s.ord
        RETURNING previous_id, recurred
    )
    SELECT count(*) FILTER (WHERE previous_id IS NULL) AS new,
           count(*) FILTER (WHERE previous_id IS NOT NULL AND NOT recurred) AS carried,
           count(*) FILTER (WHERE recurred) AS recurred
    FROM ins
    """  # noqa: S608 - SCHEMA and _OPEN_SQL are module constants, every value is a bound parameter
)

_RETIRE_PREVIOUS = text(
    f"""
    WITH open_before AS (
        SELECT b.id, b.status, s.fingerprint IS NOT NULL AS carried
        FROM {SCHEMA}.anomalies b LEFT JOIN staged_anomalies s ON s.fingerprint = b.fingerprint
        WHERE b.report_id = :prev AND b.status IN {_OPEN_SQL}
    ), moved AS (
        UPDATE {SCHEMA}.anomalies a
        SET status = CASE WHEN o.carried THEN 'CLEARED' ELSE 'RESOLVED' END,
            resolved_at = CASE WHEN o.carried THEN NULL ELSE :as_of END,
            updated_at = now(),
            retired_by_report_id = :rid,
            retired_from = o.status,
            retired_to = CASE WHEN o.carried THEN 'CLEARED' ELSE 'RESOLVED' END,
            retired_at = now()
        FROM open_before o
        WHERE a.id = o.id
        RETURNING o.carried
    )
    SELECT count(*) FILTER (WHERE NOT carried) FROM moved
    """  # noqa: S608 - SCHEMA and _OPEN_SQL are module constants, every value is a bound parameter
)


def insert_linked(
    session: Session, report_id: uuid.UUID, warehouse_id: str, as_of: datetime, previous: Previous | None
) -> Continuity:
    """Write the staged anomalies as the report's own, each continuing, recurring or new against P."""
    row = session.execute(
        _INSERT_LINKED,
        {
            "rid": report_id,
            "wid": warehouse_id,
            "as_of": as_of,
            "prev": previous.id if previous else None,
        },
    ).one()
    return Continuity(new=row.new, carried=row.carried, recurred=row.recurred)


def retire_previous(session: Session, report_id: uuid.UUID, as_of: datetime, previous: Previous) -> int:
    """P's open anomalies: CLEARED when this report carries them on, else RESOLVED (returns how many)."""
    return int(
        session.execute(
            _RETIRE_PREVIOUS,
            {"rid": report_id, "prev": previous.id, "as_of": as_of},
        ).scalar_one()
    )


def clear_earlier(session: Session, report_id: uuid.UUID, warehouse_id: str, user_id: str) -> None:
    """clear_previous: every open anomaly of every other report of the warehouse becomes CLEARED."""
    session.execute(
        text(
            f"""
            WITH cleared AS (
                UPDATE {SCHEMA}.anomalies a SET status = 'CLEARED', updated_at = now()
                FROM (SELECT id, status FROM {SCHEMA}.anomalies
                      WHERE warehouse_id = :wid AND report_id <> :rid AND status IN {_OPEN_SQL}) old
                WHERE a.id = old.id
                RETURNING a.id, old.status AS from_status
            )
            INSERT INTO {SCHEMA}.anomaly_history
                (anomaly_id, from_status, to_status, changed_by, comment, by_report_id)
            SELECT id, from_status, 'CLEARED', 'system', :comment, :rid FROM cleared
            """  # noqa: S608 - SCHEMA and _OPEN_SQL are module constants
        ),
        {
            "wid": warehouse_id,
            "rid": report_id,
            "comment": f"cleared by the upload of report {report_id} (clear_previous, by {user_id})",
        },
    )


def successor(session: Session, report_id: uuid.UUID) -> tuple[uuid.UUID, datetime] | None:
    """A tracked report that links to this one, if any (it must be deleted first)."""
    row = session.execute(
        text(f"SELECT id, as_of FROM {SCHEMA}.reports WHERE previous_report_id = :r LIMIT 1"),  # noqa: S608
        {"r": report_id},
    ).first()
    return (row.id, row.as_of) if row else None


def undo(session: Session, report_id: uuid.UUID) -> int:
    """Restore what the report's upload moved in other reports and is still in the status it set, each with a
    history entry; the number restored.

    clear_previous's moves are history rows (by_report_id) already; linking's moves, kept on the previous
    report's rows, become history rows here, so the history still shows them before the restore.
    """
    params = {
        "rid": report_id,
        "restored": f"restored: report {report_id} was deleted",
        "superseded": f"superseded by report {report_id}",
        "gone": f"not in report {report_id}",
    }
    cleared = session.execute(
        text(
            f"""
            WITH made AS (
                SELECT DISTINCT ON (h.anomaly_id) h.anomaly_id, h.from_status, h.to_status
                FROM {SCHEMA}.anomaly_history h JOIN {SCHEMA}.anomalies a ON a.id = h.anomaly_id
                WHERE h.by_report_id = :rid AND a.report_id <> :rid
                ORDER BY h.anomaly_id, h.id DESC
            ), restored AS (
                UPDATE {SCHEMA}.anomalies a
                SET status = m.from_status, resolved_at = NULL, updated_at = now()
                FROM made m
                WHERE a.id = m.anomaly_id AND a.status = m.to_status
                RETURNING a.id, m.to_status AS from_status, m.from_status AS to_status
            ), logged AS (
                INSERT INTO {SCHEMA}.anomaly_history
                    (anomaly_id, from_status, to_status, changed_by, comment)
                SELECT id, from_status, to_status, 'system', :restored FROM restored
            )
            SELECT count(*) FROM restored
            """  # noqa: S608 - SCHEMA is a module constant
        ),
        params,
    ).scalar_one()
    retired = session.execute(
        text(
            f"""
            WITH old AS (
                SELECT a.id, a.status, a.retired_from, a.retired_to, a.retired_at
                FROM {SCHEMA}.anomalies a
                WHERE a.report_id = (SELECT previous_report_id FROM {SCHEMA}.reports WHERE id = :rid)
                  AND a.retired_by_report_id = :rid
            ), restored AS (
                UPDATE {SCHEMA}.anomalies a
                SET status = CASE WHEN old.status = old.retired_to THEN old.retired_from ELSE a.status END,
                    resolved_at = CASE WHEN old.status = old.retired_to THEN NULL ELSE a.resolved_at END,
                    updated_at = now(),
                    retired_by_report_id = NULL, retired_from = NULL, retired_to = NULL, retired_at = NULL
                FROM old WHERE a.id = old.id
                RETURNING old.*
            ), logged AS (
                INSERT INTO {SCHEMA}.anomaly_history
                    (anomaly_id, from_status, to_status, changed_by, changed_at, comment, by_report_id)
                SELECT id, retired_from, retired_to, 'system', retired_at,
                       CASE WHEN retired_to = 'CLEARED' THEN :superseded ELSE :gone END, :rid
                FROM restored
                UNION ALL
                SELECT id, retired_to, retired_from, 'system', now(), :restored, NULL
                FROM restored WHERE status = retired_to
            )
            SELECT count(*) FILTER (WHERE status = retired_to) FROM restored
            """  # noqa: S608 - SCHEMA is a module constant
        ),
        params,
    ).scalar_one()
    return int(retired) + int(cleared)


def history_of_links(session: Session, anomaly_id: int) -> list[tuple[str, str, str, datetime, str]]:
    """The system's linking moves of one anomaly, as history entries (from, to, by, at, comment): the
    carry-over that starts a continuing anomaly's history, and the CLEARED/RESOLVED move of one retired."""
    rows = session.execute(
        text(
            f"""
            SELECT b.retired_from AS from_status, b.retired_from AS to_status, b.retired_at AS at,
                   'carried over from anomaly ' || b.id || ' of report ' || b.report_id AS comment, 0 AS o
            FROM {SCHEMA}.anomalies a JOIN {SCHEMA}.anomalies b ON b.id = a.previous_id
            WHERE a.id = :id AND NOT a.recurred AND b.retired_by_report_id = a.report_id
            UNION ALL
            SELECT retired_from, retired_to, retired_at,
                   CASE WHEN retired_to = 'CLEARED' THEN 'superseded by report ' ELSE 'not in report ' END
                   || retired_by_report_id, 1
            FROM {SCHEMA}.anomalies WHERE id = :id AND retired_by_report_id IS NOT NULL
            ORDER BY o
            """  # noqa: S608 - SCHEMA is a module constant
        ),
        {"id": anomaly_id},
    ).all()
    return [(r.from_status, r.to_status, "system", r.at, r.comment) for r in rows]
