/** An RFC 9457 problem from the API (or a network failure), as the console shows it. */

export interface FieldError {
  field: string;
  message: string;
}

const STANDARD = new Set(["type", "title", "status", "detail", "instance", "errors"]);

export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly errors: FieldError[];
  /** Members beyond the standard ones (file_name, rows, columns …). */
  readonly extra: Record<string, unknown>;

  constructor(status: number, body: unknown) {
    const record = isRecord(body) ? body : {};
    const title = text(record.title) || defaultTitle(status);
    const detail = text(record.detail) || defaultDetail(status);
    super(`${title}: ${detail}`);
    this.name = "ApiProblem";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = text(record.type);
    this.errors = Array.isArray(record.errors)
      ? record.errors.filter(isRecord).map((e) => ({ field: text(e.field), message: text(e.message) }))
      : [];
    this.extra = Object.fromEntries(Object.entries(record).filter(([key]) => !STANDARD.has(key)));
  }

  /** The message the API gave for one field ("structure.aisles"), or for any field under it. */
  fieldError(field: string): string | undefined {
    const exact = this.errors.find((e) => e.field === field);
    if (exact) return exact.message;
    return this.errors.find((e) => e.field.startsWith(`${field}.`) || e.field.endsWith(`.${field}`))?.message;
  }

  get reason(): string {
    return this.type.split("/").pop() ?? "";
  }
}

export function networkProblem(cause: unknown): ApiProblem {
  const why = cause instanceof Error ? cause.message : "";
  return new ApiProblem(0, {
    title: "The server could not be reached",
    detail: `Check that the WIE gateway is running and your network is up, then try again.${why ? ` (${why})` : ""}`,
  });
}

export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof Error) return new ApiProblem(0, { title: "Something went wrong", detail: error.message });
  return new ApiProblem(0, { title: "Something went wrong", detail: "An unexpected error happened." });
}

function defaultTitle(status: number): string {
  if (status === 401) return "Not signed in";
  if (status === 403) return "Not allowed";
  if (status === 404) return "Not found";
  if (status >= 500) return "The server had a problem";
  return "Request failed";
}

function defaultDetail(status: number): string {
  if (status >= 500) return "Try again in a moment; if it keeps happening, tell your administrator.";
  return `The server answered with status ${status}.`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
