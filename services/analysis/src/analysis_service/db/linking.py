"""Linking a new report to the previous tracked report of its warehouse (spec/rules.md §5), in set-based SQL.

Everything runs inside the new report's transaction, on a session that holds the warehouse's link lock:

1. the new anomalies were COPYed into a temporary staging table (`stage` — outside the lock, it is the
   heavy part);
2. `previous_report` picks P, the warehouse's latest tracked, succeeded report by (as_of, commit order),
   unless the new report is back-filled (older as_of);
3. `insert_linked`, ONE statement: an INSERT … SELECT writes the staged anomalies into `anomalies`, joined
   on the fingerprint with P's (each A continues, recurs or is new), and an UPDATE resolves P's open
   anomalies that no A continues (gone from the file), keeping the system's move on the row it rewrites
   anyway (`retired_*`);
4. `record_link` stores the link, the continuity counts, the time and the report's place in commit order.

P's anomalies that the new report carries on are CLEARED without being written again: the continuing
anomaly (its `previous_id`) is that fact, `models.Anomaly.current_status` reads it, and deleting the new
report takes it back. Rewriting 270,000 wide rows (and writing a history row for each side) was nearly all
of the linking's cost; the histories show these moves all the same (`history_of_links`, changed_by
"system"). No statement loops over anomalies in Python. The lock (`lock_warehouse`) serialises uploads,
report deletes and status moves of one warehouse, so concurrent uploads are linked in commit order and the
statuses read in step 3 are the ones that stay.
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
LINK_WORK_MEM = "128MB"


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
            " previous_report_id = :p, continuity = CAST(:c AS jsonb), warnings = CAST(:w AS jsonb),"
            " linked_at = now() WHERE id = :r"
        ),
        {
            "r": report_id,
            "p": previous.id if previous else None,
            "c": json.dumps(continuity.as_dict()),
            "w": json.dumps(warnings),
        },
    )


# One statement: the new anomalies joined on fingerprints against P's, and P's open anomalies that none of
# them continues RESOLVED as gone (P is the latest tracked report, so nothing continues its anomalies yet:
# its stored statuses are its statuses). Both parts read the same snapshot; in SET, a.status is the old one.
_LINK = text(
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
    ), gone AS (
        UPDATE {SCHEMA}.anomalies a
        SET status = 'RESOLVED', resolved_at = :as_of, updated_at = now(),
            retired_by_report_id = :rid, retired_from = a.status, retired_at = now()
        WHERE a.report_id = :prev AND a.status IN {_OPEN_SQL}
          AND NOT EXISTS (SELECT 1 FROM ins WHERE ins.previous_id = a.id)
        RETURNING a.id
    )
    SELECT (SELECT count(*) FROM ins WHERE previous_id IS NULL) AS new,
           (SELECT count(*) FROM ins WHERE previous_id IS NOT NULL AND NOT recurred) AS carried,
           (SELECT count(*) FROM ins WHERE recurred) AS recurred,
           (SELECT count(*) FROM gone) AS resolved
    """  # noqa: S608 - SCHEMA and _OPEN_SQL are module constants, every value is a bound parameter
)


def insert_linked(
    session: Session, report_id: uuid.UUID, warehouse_id: str, as_of: datetime, previous: Previous | None
) -> Continuity:
    """Write the staged anomalies as the report's own, each continuing, recurring or new against P, and
    resolve (by the system, dated at as_of) P's open anomalies gone from this report."""
    # the fingerprint hashes and the sort back into evaluation order stay in memory for ~300,000 anomalies
    session.execute(text(f"SET LOCAL work_mem = '{LINK_WORK_MEM}'"))
    row = session.execute(
        _LINK,
        {"rid": report_id, "wid": warehouse_id, "as_of": as_of, "prev": previous.id if previous else None},
    ).one()
    return Continuity(new=row.new, carried=row.carried, recurred=row.recurred, resolved=row.resolved)


# Still open as read: not CLEARED by a continuing anomaly of a later report.
_NOT_CONTINUED = (
    f"NOT EXISTS (SELECT 1 FROM {SCHEMA}.anomalies c WHERE c.previous_id = a.id AND NOT c.recurred)"  # noqa: S608
)


def clear_earlier(session: Session, report_id: uuid.UUID, warehouse_id: str, user_id: str) -> None:
    """clear_previous: every open anomaly of every other report of the warehouse becomes CLEARED.

    Open anomalies are the open rows of the reports nothing continues (ix_anomalies_open) and, in reports a
    later one continues, the few a person reopened (ix_anomalies_reopened); the rest of those are CLEARED.
    """
    session.execute(
        text(
            f"""
            WITH old AS (
                SELECT a.id, a.status FROM {SCHEMA}.anomalies a
                WHERE a.report_id IN (
                        SELECT r.id FROM {SCHEMA}.reports r
                        WHERE r.warehouse_id = :wid AND r.id <> :rid AND NOT EXISTS (
                            SELECT 1 FROM {SCHEMA}.reports n WHERE n.previous_report_id = r.id))
                  AND a.status IN {_OPEN_SQL} AND {_NOT_CONTINUED}
                UNION
                SELECT a.id, a.status FROM {SCHEMA}.anomalies a
                WHERE a.warehouse_id = :wid AND a.reopened AND a.status IN {_OPEN_SQL}
                  AND a.report_id <> :rid AND {_NOT_CONTINUED}
            ), cleared AS (
                UPDATE {SCHEMA}.anomalies a SET status = 'CLEARED', updated_at = now()
                FROM old WHERE a.id = old.id
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
    """Restore what the report's upload did to other reports, with history entries; how many it restored.

    - clear_previous's moves (history rows with by_report_id) are reversed where still CLEARED;
    - the anomalies it resolved as gone go back to their status where still RESOLVED;
    - the anomalies it continued are CLEARED only while it exists: deleting it (after this) restores them.
    Linking's moves were kept on rows, not in the history: they are written out here, with the restore after
    them, so the histories still tell what happened.
    """
    params = {
        "rid": report_id,
        "restored": f"restored: report {report_id} was deleted",
        "superseded": f"superseded by report {report_id}",
        "gone": f"not in report {report_id}",
    }
    counts = session.execute(
        text(
            f"""
            WITH made AS (
                SELECT DISTINCT ON (h.anomaly_id) h.anomaly_id, h.from_status, h.to_status
                FROM {SCHEMA}.anomaly_history h JOIN {SCHEMA}.anomalies a ON a.id = h.anomaly_id
                WHERE h.by_report_id = :rid AND a.report_id <> :rid
                ORDER BY h.anomaly_id, h.id DESC
            ), uncleared AS (
                UPDATE {SCHEMA}.anomalies a SET status = m.from_status, updated_at = now()
                FROM made m
                WHERE a.id = m.anomaly_id AND a.status = m.to_status
                RETURNING a.id, m.to_status AS from_status, m.from_status AS to_status
            ), gone AS (
                SELECT a.id, a.status, a.retired_from, a.retired_at FROM {SCHEMA}.anomalies a
                WHERE a.report_id = (SELECT previous_report_id FROM {SCHEMA}.reports WHERE id = :rid)
                  AND a.retired_by_report_id = :rid
            ), unresolved AS (
                UPDATE {SCHEMA}.anomalies a
                SET status = CASE WHEN g.status = 'RESOLVED' THEN g.retired_from ELSE a.status END,
                    resolved_at = CASE WHEN g.status = 'RESOLVED' THEN NULL ELSE a.resolved_at END,
                    updated_at = now(), retired_by_report_id = NULL, retired_from = NULL, retired_at = NULL
                FROM gone g WHERE a.id = g.id
                RETURNING g.*
            ), continued AS (
                SELECT b.id, b.status, r.linked_at
                FROM {SCHEMA}.anomalies c
                JOIN {SCHEMA}.anomalies b ON b.id = c.previous_id
                JOIN {SCHEMA}.reports r ON r.id = c.report_id
                WHERE c.report_id = :rid AND c.previous_id IS NOT NULL AND NOT c.recurred
                  AND b.status IN {_OPEN_SQL}
            ), logged AS (
                INSERT INTO {SCHEMA}.anomaly_history
                    (anomaly_id, from_status, to_status, changed_by, changed_at, comment, by_report_id)
                SELECT id, from_status, to_status, 'system', now(), :restored, NULL FROM uncleared
                UNION ALL
                SELECT id, retired_from, 'RESOLVED', 'system', retired_at, :gone, :rid FROM unresolved
                UNION ALL
                SELECT id, 'RESOLVED', retired_from, 'system', now(), :restored, NULL
                FROM unresolved WHERE status = 'RESOLVED'
                UNION ALL
                SELECT id, status, 'CLEARED', 'system', linked_at, :superseded, :rid FROM continued
                UNION ALL
                SELECT id, 'CLEARED', status, 'system', now(), :restored, NULL FROM continued
            )
            SELECT (SELECT count(*) FROM uncleared) + (SELECT count(*) FROM continued)
                   + (SELECT count(*) FROM unresolved WHERE status = 'RESOLVED')
            """  # noqa: S608 - SCHEMA and _OPEN_SQL are module constants
        ),
        params,
    ).scalar_one()
    return int(counts)


def history_of_links(session: Session, anomaly_id: int) -> list[tuple[str, str, str, datetime, str]]:
    """The system's linking moves of one anomaly that are kept on rows, as history entries (from, to, by, at,
    comment): the carry-over that starts a continuing anomaly's history, the CLEARED of the anomaly it
    continues, and the RESOLVED of one gone from the next report."""
    rows = session.execute(
        text(
            f"""
            SELECT b.status AS from_status, b.status AS to_status, r.linked_at AS at,
                   'carried over from anomaly ' || b.id || ' of report ' || b.report_id AS comment, 0 AS o
            FROM {SCHEMA}.anomalies a
            JOIN {SCHEMA}.anomalies b ON b.id = a.previous_id
            JOIN {SCHEMA}.reports r ON r.id = a.report_id
            WHERE a.id = :id AND NOT a.recurred
            UNION ALL
            SELECT b.status, 'CLEARED', r.linked_at, 'superseded by report ' || c.report_id, 1
            FROM {SCHEMA}.anomalies b
            JOIN {SCHEMA}.anomalies c ON c.previous_id = b.id AND NOT c.recurred
            JOIN {SCHEMA}.reports r ON r.id = c.report_id
            WHERE b.id = :id AND b.status IN {_OPEN_SQL}
            UNION ALL
            SELECT retired_from, 'RESOLVED', retired_at, 'not in report ' || retired_by_report_id, 2
            FROM {SCHEMA}.anomalies WHERE id = :id AND retired_by_report_id IS NOT NULL
            ORDER BY o
            """  # noqa: S608 - SCHEMA and _OPEN_SQL are module constants
        ),
        {"id": anomaly_id},
    ).all()
    return [(r.from_status, r.to_status, "system", r.at, r.comment) for r in rows]
