"""Format proposals: what an upload drifting to another code style leaves for an admin (rules.md §2.2).

The analysis service saves its report, then records the drift the locations service found in that upload
(`record`, on behalf of the uploader: WRITE). The style is detected again here from the sample codes, so a
proposal never holds a pattern this service did not derive itself. One proposal per style is open at a time:
a later upload drifting to the same style counts as another detection of it. Accepting (ADMIN) makes the
style the warehouse's learned format for later analyses; rejecting (ADMIN) closes it, and a new drift to that
style opens a new proposal.
"""

from __future__ import annotations

from collections.abc import Sequence

from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import Conflict, NotFound

from .detection import MAX_EXAMPLES
from .drafts import validated_model
from .drift import drift_of
from .errors import invalid, warehouse_not_found
from .ports import NewProposal, ProposalRecord, UnitOfWork
from .resolver_cache import ResolverCache

STATUSES = ("open", "accepted", "rejected")
Proposals = list[ProposalRecord]  # module level: inside the class, `list` is the method
MAX_REPORT_ID = 64


def proposal_not_found(proposal_id: str) -> NotFound:
    return NotFound(f"format proposal {proposal_id} not found", reason="format_proposal_not_found")


class ProposalService:
    def __init__(self, uow: UnitOfWork, cache: ResolverCache) -> None:
        self.uow = uow
        self.cache = cache

    def record(
        self,
        caller: Caller | None,
        warehouse_id: str,
        *,
        report_id: str,
        sample_codes: Sequence[str],
        affected: int,
        storage_codes: int,
    ) -> ProposalRecord | None:
        """Record an upload's drift; None when the codes show none (any more) against the learned format."""
        require_access(caller, warehouse_id, "WRITE")
        report = report_id.strip()
        if not 0 < len(report) <= MAX_REPORT_ID:
            raise invalid("report_id", f"must be 1 to {MAX_REPORT_ID} characters")
        if not 0 <= affected <= storage_codes:
            raise invalid("affected", "must be from 0 to storage_codes")
        samples = [c.strip().upper() for c in sample_codes if c.strip()][:MAX_EXAMPLES]
        with self.uow() as repo:
            record = repo.get_warehouse(warehouse_id)
            if record is None:
                raise warehouse_not_found(warehouse_id)
            if not record.location_format:
                return None
            drift = drift_of(record.location_format, samples, affected, storage_codes)
            if drift is None:
                return None
            return repo.record_proposal(
                NewProposal(
                    warehouse_id,
                    drift.pattern,
                    drift.confidence,
                    report,
                    drift.samples,
                    drift.affected,
                    drift.storage_codes,
                )
            )

    def list(self, caller: Caller | None, warehouse_id: str, status: str | None = None) -> Proposals:
        """The warehouse's proposals, newest first (READ); `status` narrows them."""
        require_access(caller, warehouse_id, "READ")
        wanted = (status or "").strip().lower() or None
        if wanted is not None and wanted not in STATUSES:
            raise invalid("status", f"must be one of {', '.join(STATUSES)}")
        with self.uow() as repo:
            if repo.warehouse_version(warehouse_id) is None:
                raise warehouse_not_found(warehouse_id)
            return repo.list_proposals(warehouse_id, wanted)

    def accept(self, caller: Caller | None, warehouse_id: str, proposal_id: str) -> ProposalRecord:
        """The proposal's style becomes the warehouse's learned format (ADMIN); later analyses use it."""
        caller = require_access(caller, warehouse_id, "ADMIN")
        with self.uow() as repo:
            current = repo.get_warehouse(warehouse_id, lock=True)  # serialises with other edits
            if current is None:
                raise warehouse_not_found(warehouse_id)
            proposal = self._open(repo.get_proposal(warehouse_id, proposal_id, lock=True), proposal_id)
            validated_model(
                current.structure,
                current.special_areas,
                proposal.pattern,
                current.scope_exclusions,
                current.overrides,
            )
            repo.update_warehouse(warehouse_id, {"location_format": proposal.pattern})
            repo.touch(warehouse_id)
            return repo.review_proposal(proposal.id, "accepted", caller.user_id)

    def reject(self, caller: Caller | None, warehouse_id: str, proposal_id: str) -> ProposalRecord:
        caller = require_access(caller, warehouse_id, "ADMIN")
        with self.uow() as repo:
            proposal = self._open(repo.get_proposal(warehouse_id, proposal_id, lock=True), proposal_id)
            return repo.review_proposal(proposal.id, "rejected", caller.user_id)

    @staticmethod
    def _open(proposal: ProposalRecord | None, proposal_id: str) -> ProposalRecord:
        if proposal is None:
            raise proposal_not_found(proposal_id)
        if proposal.status != "open":
            raise Conflict(
                f"format proposal {proposal_id} is already {proposal.status}",
                reason="format_proposal_reviewed",
                extra={"status": proposal.status},
            )
        return proposal
