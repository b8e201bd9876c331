import { ApiProblem } from "../../api/problem";
import { authFetch } from "../../api/session";

/** Download GET /reports/{id}/export as a file (the bearer token rules out a plain link). */
export async function downloadExport(reportId: string, format: "csv" | "xlsx", fileStem: string): Promise<void> {
  const response = await authFetch(new Request(`/api/v1/reports/${reportId}/export?format=${format}`));
  if (!response.ok) throw new ApiProblem(response.status, await response.json().catch(() => null));
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${fileStem}-anomalies.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
