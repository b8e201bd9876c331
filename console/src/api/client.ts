/** The typed API client (paths and bodies generated from the gateway's OpenAPI document). */

import createClient from "openapi-fetch";
import type { components, paths } from "./schema";
import { ApiProblem } from "./problem";
import { authFetch } from "./session";

export const api = createClient<paths>({ baseUrl: "", fetch: authFetch });

export type Schemas = components["schemas"];

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's body, or an ApiProblem thrown for any error status. */
export async function call<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw new ApiProblem(response.status, error);
  return data as T;
}
