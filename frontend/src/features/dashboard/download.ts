import { api } from "../../lib/api";

/**
 * Downloads a file the server answers with `Content-Disposition: attachment` (or a redirect to one).
 * A cheap authenticated call first renews an expired session, since a plain link cannot.
 */
export async function downloadWithSession(url: string): Promise<void> {
  await api.get("/api/auth/me");
  const link = document.createElement("a");
  link.href = url;
  link.download = "";
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
}
