/**
 * The signed-in session: the rotating refresh token and the short-lived access token (with its expiry) in
 * localStorage, so a reload or a new tab stays signed in without a refresh. A refresh token works once, and
 * reusing a used one revokes the whole family — so a refresh is single-flight: one at a time in this tab (a
 * shared promise) and across tabs and reloads (a Web Lock, inside which the stored pair is read again: a pair
 * another tab or the previous page stored is used as it is). The rotated pair is stored before anything else
 * happens, no refresh starts while the page is being unloaded (its answer would be lost with the page, leaving
 * a used refresh token stored), and a reload with a valid access token does not refresh at all.
 */

import { ApiProblem, networkProblem } from "./problem";

const REFRESH_KEY = "wie.refresh_token";
const ACCESS_KEY = "wie.access_token";
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

interface Access {
  token: string;
  expiresAt: number;
}

let access: Access | null = null;
let unloading = false;
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
  const fresh = { token: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 };
  localStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  localStorage.setItem(ACCESS_KEY, JSON.stringify(fresh));
  access = fresh;
}

/** Forget the tokens here; `reason` tells the sign-in page what to say. */
export function endSession(reason: SessionEnd): void {
  const had = hasSession() || access !== null;
  localStorage.removeItem(REFRESH_KEY);
  localStorage.removeItem(ACCESS_KEY);
  access = null;
  if (had) listeners.forEach((listener) => listener(reason));
}

/** A valid access token, refreshing first when there is none or it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (!hasSession()) return null;
  if (!usable(access)) access = storedAccess();
  if (usable(access)) return access.token;
  return refresh();
}

function usable(candidate: Access | null): candidate is Access {
  return candidate !== null && candidate.expiresAt - Date.now() > EARLY_MS;
}

/**
 * A fresh access token; null when the session is over (then it has been ended). `stale` is the token the
 * caller found wanting (expired, or answered 401): a different usable one stored meanwhile is taken instead
 * of trading the refresh token again.
 */
export function refresh(stale: string | null = access?.token ?? null): Promise<string | null> {
  if (!inFlight) {
    const locked: Promise<string | null> =
      typeof navigator !== "undefined" && navigator.locks
        ? (navigator.locks.request(LOCK, () => exchange(stale)) as unknown as Promise<string | null>)
        : exchange(stale);
    inFlight = locked.finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

async function exchange(stale: string | null): Promise<string | null> {
  const token = storedRefreshToken();
  if (!token) return null;
  // Another tab (or the page before a reload) may have refreshed while this one waited for the lock.
  const stored = storedAccess();
  if (usable(stored) && stored.token !== stale) {
    access = stored;
    return stored.token;
  }
  // The answer of a refresh sent now would be lost with the page, and its used token left stored.
  if (unloading) return null;
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

function storedAccess(): Access | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(ACCESS_KEY) ?? "null");
    if (typeof parsed !== "object" || parsed === null) return null;
    const { token, expiresAt } = parsed as Record<string, unknown>;
    return typeof token === "string" && typeof expiresAt === "number" ? { token, expiresAt } : null;
  } catch {
    return null;
  }
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
  window.addEventListener("pagehide", () => {
    unloading = true;
  });
  window.addEventListener("pageshow", () => {
    unloading = false;
  });
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
  const fresh = await refresh(token);
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
