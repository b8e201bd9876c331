import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { api, call } from "../api/client";
import { hasSession, onSessionEnd, signOut, startSession, type TokenPair } from "../api/session";
import type { Me } from "../api/types";
import { Loading } from "../components/Loading";
import { ProblemAlert } from "../components/ProblemAlert";

interface Auth {
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export const ME_KEY = ["me"] as const;

export const SESSION_MESSAGES = {
  revoked: "Your session has ended (it was signed out elsewhere or has expired). Sign in again to continue.",
  signed_out: "You have signed out.",
} as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  useEffect(
    () =>
      onSessionEnd((reason) => {
        queryClient.clear();
        navigate("/sign-in", { replace: true, state: { ended: reason } });
      }),
    [navigate, queryClient],
  );

  const auth = useMemo<Auth>(
    () => ({
      async signIn(username, password) {
        const tokens = await call(
          api.POST("/api/v1/auth/token", {
            body: { username, password },
            bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
          }),
        );
        startSession(tokens as TokenPair);
        await queryClient.invalidateQueries({ queryKey: ME_KEY });
      },
      async signOut() {
        await signOut();
      },
    }),
    [queryClient],
  );
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: () => call(api.GET("/api/v1/auth/me")),
    enabled: hasSession(),
    staleTime: 60_000,
  });
}

const MeContext = createContext<Me | null>(null);

export function useCurrentUser(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useCurrentUser outside RequireAuth");
  return me;
}

/** Pages behind it need a session: without one, the sign-in page (then back here). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMe();
  if (!hasSession()) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  }
  if (me.isPending) return <Loading label="Signing you in…" />;
  if (me.isError) return <ProblemAlert error={me.error} />;
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}
