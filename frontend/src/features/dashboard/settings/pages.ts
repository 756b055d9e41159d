import { CreditCard, KeyRound, ShieldCheck, UserRound, type LucideIcon } from "lucide-react";
import type { MessageKey } from "../../../i18n";

/** The account pages, in the order the sidebar, the user menu and the settings tabs list them. */
export const SETTINGS_PAGES: readonly { path: string; icon: LucideIcon; label: MessageKey; id: string }[] = [
  { id: "profile", path: "/settings/profile", icon: UserRound, label: "dashboard.settings.nav.profile" },
  { id: "keys", path: "/settings/keys", icon: KeyRound, label: "dashboard.settings.nav.keys" },
  { id: "billing", path: "/settings/billing", icon: CreditCard, label: "dashboard.settings.nav.billing" },
  { id: "security", path: "/settings/security", icon: ShieldCheck, label: "nav.security" },
];
