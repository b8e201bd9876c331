/** The canonical columns of an inventory file (spec/rules.md §1), as the mapping table shows them. */

export const CANONICAL_COLUMNS: Array<{ key: string; label: string; required: boolean; hint: string }> = [
  { key: "pallet_id", label: "Pallet id", required: true, hint: "The pallet's or LPN's id" },
  { key: "location", label: "Location", required: true, hint: "Where the pallet is" },
  { key: "creation_date", label: "Creation date", required: false, hint: "When the pallet arrived" },
  { key: "time_in_storage", label: "Time in storage", required: false, hint: "Days or hours stored" },
  { key: "receipt_number", label: "Receipt / lot number", required: false, hint: "Groups pallets of one receipt" },
  { key: "description", label: "Description", required: false, hint: "Product text (temperature words …)" },
  { key: "location_type", label: "Location type", required: false, hint: "The type the WMS gives the place" },
];

export type ColumnChoice = Record<string, string | null>;

export function confidenceColor(confidence: number): string {
  if (confidence >= 0.9) return "teal.9";
  if (confidence >= 0.7) return "yellow.4";
  return "#a63b0a";
}

export function missingRequired(choice: ColumnChoice): string[] {
  return CANONICAL_COLUMNS.filter((c) => c.required && !choice[c.key]).map((c) => c.key);
}
