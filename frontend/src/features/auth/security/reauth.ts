import { formText } from "../../../lib/form";

/** The fields of `ReauthFields` as the request body expects them (absent when left empty). */
export function reauthentication(form: HTMLFormElement): { password?: string; code?: string } {
  const password = formText(form, "password");
  const code = formText(form, "code").replace(/\s/g, "");
  return { ...(password ? { password } : {}), ...(code ? { code } : {}) };
}
