/** Names for the generated schemas the pages use, plus the answers the document leaves untyped. */

import type { Schemas } from "./client";

export type Warehouse = Schemas["WarehouseOut"];
export type Report = Schemas["ReportOut"];
export type Anomaly = Schemas["AnomalyOut"];
export type Rule = Schemas["RuleOut"];
export type RuleType = Schemas["RuleTypeOut"];
export type RuleVersion = Schemas["RuleVersionOut"];
export type Invitation = Schemas["InvitationOut"];
export type AccessEntry = Schemas["AccessOut"];
export type Me = Schemas["MeOut"];
export type HistoryEntry = Schemas["HistoryEntryOut"];
export type Priority = Schemas["RuleIn"]["priority"];
export type RuleTypeCode = Schemas["RuleIn"]["rule_type"];
export type AnomalyStatus = Schemas["StatusIn"]["status"];
export type Access = Schemas["AccessIn"]["access"];

/** POST /column-mapping/suggest (the document types it as unknown). */
export interface ColumnSuggestion {
  headers: string[];
  mapping: Record<string, { header: string; confidence: number }>;
  missing_required: string[];
}

export const PRIORITIES: Priority[] = ["VERY_HIGH", "HIGH", "MEDIUM", "LOW"];
export const STATUSES: AnomalyStatus[] = ["NEW", "ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED", "CLEARED"];
export const ACCESS_LEVELS: Access[] = ["READ", "WRITE", "ADMIN"];
