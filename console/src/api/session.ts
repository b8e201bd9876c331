/**
 * The signed-in session: a short-lived access token in memory and the rotating refresh token in
 * localStorage (so a reload or a new tab stays signed in). A refresh token works once, and reusing a used
 * one revokes the whole family — so refreshes are serialised: one at a time in this tab (a shared promise)
 * and across tabs (a Web Lock, re-reading the stored token inside it).
 */

import { ApiProblem, networkProblem } from "./problem";

const REFRESH_KEY = "wie.refresh_token";
const LOCK = "wie-refresh";
/** Refresh when a request needs a token that expires within this margin (lazily: a refresh cut short by
 * a page reload would leave a used refresh token stored, and reusing it revokes the session). */
const EARLY_MS = 5_000;

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export type SessionEnd = "signed_out" | "revoked";
type Listener = (end: SessionEnd) => void;

let access: { token: string; expiresAt: number } | null = null;
let inFlight: Promise<string | null> | null = null;
const listeners = new Set<Listener>();

export function hasSession(): boolean {
  return storedRefreshToken() !== null;
}

export function onSessionEnd(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startSession(tokens: TokenPair): void {
  localStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  access = { token: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 };
}

/** Forget the tokens here; `reason` tells the sign-in page what to say. */
export function endSession(reason: SessionEnd): void {
  const had = hasSession() || access !== null;
  localStorage.removeItem(REFRESH_KEY);
  access = null;
  if (had) listeners.forEach((listener) => listener(reason));
}

/** A valid access token, refreshing first when there is none or it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (access && access.expiresAt - Date.now() > EARLY_MS) return access.token;
  if (!hasSession()) return null;
  return refresh();
}

/** Trade the refresh token for a new pair; null when the session is over (then it has been ended). */
export function refresh(): Promise<string | null> {
  if (!inFlight) {
    const locked: Promise<string | null> =
      typeof navigator !== "undefined" && navigator.locks
        ? (navigator.locks.request(LOCK, () => exchange()) as unknown as Promise<string | null>)
        : exchange();
    inFlight = locked.finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

async function exchange(): Promise<string | null> {
  const token = storedRefreshToken();
  if (!token) return null;
  // Another tab may have refreshed while this one waited for the lock: its new refresh token is stored,
  // its access token is not — so this tab still exchanges, with the stored (current) refresh token.
  let response: Response;
  try {
    response = await fetch("/api/v1/auth/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: token }),
    });
  } catch (cause) {
    throw networkProblem(cause);
  }
  if (response.ok) {
    startSession((await response.json()) as TokenPair);
    return access?.token ?? null;
  }
  if (response.status >= 400 && response.status < 500) {
    endSession("revoked");
    return null;
  }
  throw new ApiProblem(response.status, await response.json().catch(() => null));
}

function storedRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

// Signing out in another tab signs out this one too.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key === REFRESH_KEY && event.newValue === null && access !== null) {
      access = null;
      listeners.forEach((listener) => listener("signed_out"));
    }
  });
}

/** fetch with the bearer token; one silent refresh and retry on a 401. */
export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const token = await accessToken();
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (cause) {
    throw networkProblem(cause);
  }
  if (response.status !== 401 || !hasSession()) {
    if (response.status === 401 && token) endSession("revoked");
    return response;
  }
  const fresh = await refresh();
  if (!fresh) return response;
  retry.headers.set("Authorization", `Bearer ${fresh}`);
  try {
    return await fetch(retry);
  } catch (cause) {
    throw networkProblem(cause);
  }
}

/** Sign out here and revoke the refresh token's family on the server (best effort). */
export async function signOut(): Promise<void> {
  const token = storedRefreshToken();
  endSession("signed_out");
  if (!token) return;
  try {
    await fetch("/api/v1/auth/logout", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: token }),
    });
  } catch {
    // The local session is gone either way; the token expires on its own.
  }
}
