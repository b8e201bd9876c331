/** Multipart uploads through XMLHttpRequest, whose upload events give the bytes sent (fetch has none). */

import { ApiProblem, networkProblem } from "./problem";
import { accessToken, refresh } from "./session";

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadHandlers {
  onProgress?: (progress: UploadProgress) => void;
  /** Every byte is sent: the server is working on it now. */
  onSent?: () => void;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

function send(url: string, body: FormData, token: string | null, handlers: UploadHandlers): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    for (const [name, value] of Object.entries(handlers.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => handlers.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.upload.onload = () => handlers.onSent?.();
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(networkProblem(new Error("the upload was interrupted")));
    xhr.onabort = () => reject(new ApiProblem(0, { title: "Upload cancelled", detail: "You cancelled the upload." }));
    handlers.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

function parse(xhr: XMLHttpRequest): unknown {
  try {
    return xhr.responseText ? JSON.parse(xhr.responseText) : null;
  } catch {
    return null;
  }
}

/** POST a form; the JSON answer, or an ApiProblem. One silent token refresh on a 401. */
export async function uploadForm<T>(url: string, body: FormData, handlers: UploadHandlers = {}): Promise<T> {
  let xhr = await send(url, body, await accessToken(), handlers);
  if (xhr.status === 401) {
    const fresh = await refresh();
    if (fresh) xhr = await send(url, body, fresh, handlers);
  }
  if (xhr.status < 200 || xhr.status >= 300) throw new ApiProblem(xhr.status, parse(xhr));
  return parse(xhr) as T;
}
