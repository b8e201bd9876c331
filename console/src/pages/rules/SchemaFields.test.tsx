import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderWithMantine } from "../../test/render";
import { SchemaFields, type JsonSchema } from "./SchemaFields";

const SCHEMA: JsonSchema = {
  $defs: { LocationType: { enum: ["STORAGE", "RECEIVING"], type: "string" } },
  properties: {
    time_threshold_hours: { type: "number", title: "Time Threshold Hours", description: "Age in hours" },
    location_types: { type: "array", title: "Location Types", items: { $ref: "#/$defs/LocationType" } },
    enabled: { type: "boolean", title: "Enabled" },
  },
};

describe("SchemaFields", () => {
  it("renders one labelled field per property of the conditions schema", () => {
    renderWithMantine(
      <SchemaFields schema={SCHEMA} value={{ time_threshold_hours: 10, location_types: ["RECEIVING"], enabled: true }} onChange={() => undefined} />,
    );
    expect(screen.getByLabelText("Time Threshold Hours")).toHaveValue("10");
    expect(screen.getByText("Age in hours")).toBeInTheDocument();
    expect(screen.getByLabelText("Enabled")).toBeChecked();
    expect(screen.getByText("Location Types")).toBeInTheDocument();
  });

  it("reports a changed number as a number", () => {
    const onChange = vi.fn();
    renderWithMantine(<SchemaFields schema={SCHEMA} value={{ time_threshold_hours: 10 }} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText("Time Threshold Hours"), { target: { value: "24" } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ time_threshold_hours: 24 }));
  });
});
