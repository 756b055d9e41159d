import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation, useSearchParams } from "react-router";
import { FullPageError, FullPageSpinner } from "../../components/PageStatus";
import { safeNext } from "./api";
import { useAuth } from "../../lib/auth";

/** Renders the nested routes for a signed-in user, else sends them to /login?next=<here>. */
export function RequireAuth() {
  const { status, error, retry, leaving } = useAuth();
  const location = useLocation();
  if (status === "loading") return <FullPageSpinner />;
  if (status === "error") return <FullPageError error={error} onRetry={retry} />;
  if (status === "signed-out") {
    if (leaving) return <Navigate to="/login" replace />;
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <Outlet />;
}

/** Inside RequireAuth: renders `children` for admins and sends everyone else to the chat. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (user?.role !== "admin") return <Navigate to="/chat" replace />;
  return children;
}

/** Sign-in pages: a user who is already signed in goes on to `?next=` (or the chat). */
export function GuestOnly({ children }: { children: ReactNode }) {
  const { status, error, retry } = useAuth();
  const [params] = useSearchParams();
  if (status === "loading") return <FullPageSpinner />;
  if (status === "error") return <FullPageError error={error} onRetry={retry} />;
  if (status === "signed-in") return <Navigate to={safeNext(params.get("next"))} replace />;
  return children;
}
