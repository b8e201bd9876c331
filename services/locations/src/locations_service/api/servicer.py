"""gRPC servicer of the locations service: messages ⇄ use-case calls, nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import grpc

from locations_service.api.convert import (
    columns_msg,
    detected_msg,
    drift_msg,
    location_msg,
    location_types_msg,
    proposal_msg,
    resolution_msg,
    template_msg,
    warehouse_msg,
)
from locations_service.api.requests import (
    location_change,
    template_draft,
    warehouse_draft,
    warehouse_patch,
)
from locations_service.domain.columns import ResolutionColumns
from locations_service.domain.format_proposals import ProposalService
from locations_service.domain.locations import DriftAnswer, LocationService
from locations_service.domain.templates import TemplateService
from locations_service.domain.warehouses import WarehouseService
from wie.locations.v1 import locations_pb2 as pb
from wie.locations.v1 import locations_pb2_grpc
from wie_common.access import require_caller
from wie_common.context import caller_var


class LocationsServicer(locations_pb2_grpc.LocationsServiceServicer):
    """Calls about one warehouse pass the caller as sent: the domain's access check answers NOT_FOUND when
    there is none, as it does to a caller without access. Calls about no warehouse in particular (create,
    list, templates) need a caller (UNAUTHENTICATED without one)."""

    def __init__(
        self,
        warehouses: WarehouseService,
        locations: LocationService,
        templates: TemplateService,
        proposals: ProposalService,
    ) -> None:
        self.warehouses = warehouses
        self.locations = locations
        self.templates = templates
        self.proposals = proposals

    # warehouses ----------------------------------------------------------------------------------------
    def CreateWarehouse(self, request, context: grpc.ServicerContext):
        return warehouse_msg(self.warehouses.create(require_caller(), warehouse_draft(request)))

    def GetWarehouse(self, request, context):
        return warehouse_msg(self.warehouses.get(caller_var.get(), request.id))

    def ListWarehouses(self, request, context):
        found = self.warehouses.list(require_caller(), list(request.ids))
        return pb.ListWarehousesResponse(warehouses=[warehouse_msg(w) for w in found])

    def UpdateWarehouse(self, request, context):
        return warehouse_msg(self.warehouses.update(caller_var.get(), request.id, warehouse_patch(request)))

    def DeleteWarehouse(self, request, context):
        self.warehouses.delete(caller_var.get(), request.id)
        return pb.DeleteWarehouseResponse()

    # locations -----------------------------------------------------------------------------------------
    def ListLocations(self, request, context):
        page, cached = self.locations.list(
            caller_var.get(),
            request.warehouse_id,
            type=request.type or None,
            zone=request.zone or None,
            q=request.q or None,
            limit=request.limit or 100,
            cursor=request.cursor or None,
        )
        return pb.ListLocationsResponse(
            items=[location_msg(loc, cached.override_codes) for loc in page.items],
            next_cursor=page.next_cursor or "",
        )

    def ResolveLocation(self, request, context):
        resolution, cached = self.locations.resolve(caller_var.get(), request.warehouse_id, request.code)
        return resolution_msg(resolution, cached.override_codes)

    def ResolveLocations(self, request_iterator, context) -> Iterator[pb.ResolutionBatch]:
        batches = (
            (b.warehouse_id, list(b.codes), b.columnar, b.watch_format_drift) for b in request_iterator
        )
        for answer, cached in self.locations.resolve_batches(caller_var.get(), batches):
            if isinstance(answer, DriftAnswer):
                drift = drift_msg(answer.drift) if answer.drift is not None else None
                yield pb.ResolutionBatch(drift_check=pb.DriftCheck(drift=drift))
                continue
            if isinstance(answer, ResolutionColumns):
                yield pb.ResolutionBatch(columns=columns_msg(answer))
                continue
            overrides = cached.override_codes
            yield pb.ResolutionBatch(resolutions=[resolution_msg(r, overrides) for r in answer])

    def PutLocation(self, request, context):
        resolution, cached = self.locations.put(
            caller_var.get(), request.warehouse_id, request.code, location_change(request)
        )
        assert resolution.location is not None  # an edited location always resolves to itself
        return location_msg(resolution.location, cached.override_codes)

    def DeleteLocation(self, request, context):
        self.locations.delete(caller_var.get(), request.warehouse_id, request.code)
        return pb.DeleteLocationResponse()

    def DetectFormat(self, request, context):
        # Pure: reads no warehouse, so it needs no access (the gateway still requires a signed-in user).
        return detected_msg(self.locations.detect(list(request.examples)))

    def GetLocationTypes(self, request, context):
        cached = self.locations.current(caller_var.get(), request.warehouse_id)
        return location_types_msg(cached.model.custom_types)

    # format proposals ------------------------------------------------------------------------------------
    def RecordFormatDrift(self, request, context):
        # Called by the analysis service on behalf of the uploader, whose metadata it forwards.
        recorded = self.proposals.record(
            caller_var.get(),
            request.warehouse_id,
            report_id=request.report_id,
            sample_codes=list(request.sample_codes),
            affected=request.affected,
            storage_codes=request.storage_codes,
        )
        return pb.RecordFormatDriftResponse(proposal=proposal_msg(recorded) if recorded is not None else None)

    def ListFormatProposals(self, request, context):
        found = self.proposals.list(caller_var.get(), request.warehouse_id, request.status or None)
        return pb.ListFormatProposalsResponse(proposals=[proposal_msg(p) for p in found])

    def AcceptFormatProposal(self, request, context):
        return proposal_msg(
            self.proposals.accept(caller_var.get(), request.warehouse_id, request.proposal_id)
        )

    def RejectFormatProposal(self, request, context):
        return proposal_msg(
            self.proposals.reject(caller_var.get(), request.warehouse_id, request.proposal_id)
        )

    # templates -----------------------------------------------------------------------------------------
    def CreateTemplate(self, request, context):
        return template_msg(self.templates.create(require_caller(), template_draft(request)))

    def ListTemplates(self, request, context):
        found = self.templates.list(require_caller())
        return pb.ListTemplatesResponse(templates=[template_msg(t) for t in found])

    def GetTemplate(self, request, context):
        return template_msg(self.templates.get(require_caller(), request.code))
