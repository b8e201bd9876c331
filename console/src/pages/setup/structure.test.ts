import { describe, expect, it } from "vitest";
import { formPath, initialSetup, previewStructure, stepOfField, toWarehouseIn, validateSetup } from "./structure";

describe("the setup wizard's structure", () => {
  it("previews the storage codes a structure makes", () => {
    const values = initialSetup("UTC");
    values.structure = { ...values.structure, aisles: 2, racks_per_aisle: 1, positions_per_rack: 10, levels: "AB" };
    const preview = previewStructure(values);
    expect(preview.storageLocations).toBe(40);
    expect(preview.firstCode).toBe("01-01-001A");
    expect(preview.lastCode).toBe("02-01-010B");
  });

  it("pads positions to the width of positions_per_rack when wider than three digits", () => {
    const values = initialSetup("UTC");
    values.structure = { ...values.structure, positions_per_rack: 1200, levels: "A" };
    expect(previewStructure(values).lastCode).toBe("04-10-1200A");
  });

  it("colours aisles by their zone range", () => {
    const values = initialSetup("UTC");
    values.zones = [{ from: 2, to: 3, zone: "freezer" }];
    expect(previewStructure(values).aisleZones).toEqual(["GENERAL", "FREEZER", "FREEZER", "GENERAL"]);
  });

  it("sends zone ranges as aisle lists and upper-cases codes", () => {
    const values = initialSetup("Europe/Paris");
    values.name = " North ";
    values.zones = [{ from: 2, to: 3, zone: "freezer" }];
    values.special_areas = [{ code: "recv-01", type: "receiving", capacity: 4, zone: "" }];
    const body = toWarehouseIn(values);
    expect(body.name).toBe("North");
    expect(body.structure?.zones).toEqual([{ aisles: [2, 3], zone: "FREEZER" }]);
    expect(body.special_areas).toEqual([
      { code: "RECV-01", type: "RECEIVING", capacity: 4, zone: null, is_active: true },
    ]);
  });

  it("says what is missing before anything is sent", () => {
    const values = initialSetup("UTC");
    values.structure.levels = "1";
    values.special_areas.push({ code: "RECV-01", type: "RECEIVING", capacity: 2, zone: "" });
    const errors = validateSetup(values);
    expect(errors.name).toMatch(/name/);
    expect(errors["structure.levels"]).toMatch(/letters/);
    expect(errors["special_areas.1.code"]).toMatch(/Two areas/);
  });

  it("maps API field errors to the wizard's fields and steps", () => {
    expect(formPath("structure.zones.0.aisles")).toBe("zones.0.from");
    expect(formPath("special_areas[1].code")).toBe("special_areas.1.code");
    expect(stepOfField(formPath("structure.aisles"))).toBe(1);
    expect(stepOfField("special_areas.2.type")).toBe(2);
    expect(stepOfField("name")).toBe(0);
  });
});
