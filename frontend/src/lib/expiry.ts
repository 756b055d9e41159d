// How long a shared link lives, in hours ("never" for no end); the API takes 1 hour to 366 days.
export const EXPIRY_CHOICES = ["1", "24", "168", "720", "never"] as const;
export type Expiry = (typeof EXPIRY_CHOICES)[number];
/** A new link ends after a week unless its owner says otherwise. */
export const DEFAULT_EXPIRY: Expiry = "168";

/** The `expires_in_hours` a choice sends (null: never). */
export function expiryHours(expiry: Expiry): number | null {
  return expiry === "never" ? null : Number(expiry);
}
