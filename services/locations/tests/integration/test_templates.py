"""Warehouse templates: from a warehouse or a structure, shared by code, and warehouses built from them."""

from __future__ import annotations

import grpc
import pytest

from wie.locations.v1 import locations_pb2 as pb
from wie_common.testing.grpc import as_caller

from .conftest import ALICE, AREAS, BOB, code_of, structure


def _from_warehouse(locations, public: bool) -> tuple[pb.Warehouse, pb.WarehouseTemplate]:
    w = locations.create()
    md = locations.as_admin(w.id)
    locations.stub.UpdateWarehouse(
        pb.UpdateWarehouseRequest(
            id=w.id, update_mask=["location_format"], location_format="A{aisle}-R{rack}-P{position}{level}"
        ),
        metadata=md,
    )
    template = locations.stub.CreateTemplate(
        pb.CreateTemplateRequest(
            name="Two-door DC", description="4 aisles", is_public=public, from_warehouse_id=w.id
        ),
        metadata=md,
    )
    return w, template


def test_template_round_trip_into_a_new_warehouse(locations):
    source, template = _from_warehouse(locations, public=False)
    assert len(template.code) == 8 and template.created_by == ALICE and not template.is_public
    assert template.structure == source.structure
    assert [a.code for a in template.special_areas] == [a.code for a in source.special_areas]
    assert template.location_format == "A{aisle}-R{rack}-P{position}{level}"
    got = locations.stub.GetTemplate(
        pb.GetTemplateRequest(code=template.code.lower()), metadata=as_caller(ALICE)
    )
    assert got == template

    copy = locations.create("Copy", structure=None, special_areas=[], template_code=template.code)
    assert copy.structure == source.structure and copy.id != source.id
    assert [a.code for a in copy.special_areas] == [a.code for a in source.special_areas]
    r = locations.resolve(copy.id, "A02-R03-P004C")  # the template's learned format came along
    assert r.known and r.location.code == "02-03-004C"


def test_private_templates_are_the_creators_public_ones_everybodys(locations):
    _, private = _from_warehouse(locations, public=False)
    _, public = _from_warehouse(locations, public=True)
    bob = as_caller(BOB)
    listed = locations.stub.ListTemplates(pb.ListTemplatesRequest(), metadata=bob).templates
    assert [t.code for t in listed] == [public.code]
    mine = locations.stub.ListTemplates(pb.ListTemplatesRequest(), metadata=as_caller(ALICE)).templates
    assert {t.code for t in mine} == {public.code, private.code}
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.GetTemplate(pb.GetTemplateRequest(code=private.code), metadata=bob)
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as exc:
        locations.create("Bob's", user=BOB, structure=None, special_areas=[], template_code=private.code)
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
    bobs = locations.create("Bob's", user=BOB, structure=None, special_areas=[], template_code=public.code)
    assert bobs.created_by == BOB


def test_template_from_a_structure_and_its_checks(locations):
    md = as_caller(ALICE)
    t = locations.stub.CreateTemplate(
        pb.CreateTemplateRequest(name="Small", structure=structure(aisles=2, zones=[]), special_areas=AREAS),
        metadata=md,
    )
    assert t.structure.aisles == 2 and [a.code for a in t.special_areas] == ["RECV-01", "STAGE-01"]
    bad = pb.CreateTemplateRequest(name="Bad", structure=structure(levels=""))
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.CreateTemplate(bad, metadata=md)
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT
    w = locations.create()
    with pytest.raises(grpc.RpcError) as exc:  # a warehouse Bob cannot see is no source for him
        locations.stub.CreateTemplate(
            pb.CreateTemplateRequest(name="X", from_warehouse_id=w.id), metadata=as_caller(BOB)
        )
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as exc:
        locations.create("Both", template_code=t.code)  # a structure too: ambiguous
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize("held", ["READ", "WRITE"])
@pytest.mark.parametrize("public", [False, True])
def test_only_an_admin_turns_a_warehouse_into_a_template(locations, held, public):
    w = locations.create()
    below_admin = as_caller(BOB, warehouses={w.id: held})
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.CreateTemplate(
            pb.CreateTemplateRequest(name="Leak", from_warehouse_id=w.id, is_public=public),
            metadata=below_admin,
        )
    assert code_of(exc) == grpc.StatusCode.PERMISSION_DENIED
    listed = locations.stub.ListTemplates(pb.ListTemplatesRequest(), metadata=as_caller(BOB)).templates
    assert listed == []  # nothing was saved, let alone published
    admin = as_caller(BOB, warehouses={w.id: "ADMIN"})
    t = locations.stub.CreateTemplate(
        pb.CreateTemplateRequest(name="Ok", from_warehouse_id=w.id, is_public=public), metadata=admin
    )
    assert t.structure == w.structure and t.is_public == public
