// Every feature page, each in its own chunk: the first page loads only the shell and itself.
import { lazyPage } from "./lazyPage";

export const LoginPage = lazyPage(() => import("../features/auth/LoginPage"), "LoginPage");
export const RegisterPage = lazyPage(() => import("../features/auth/RegisterPage"), "RegisterPage");
export const ForgotPasswordPage = lazyPage(() => import("../features/auth/ForgotPasswordPage"), "ForgotPasswordPage");
export const ResetPasswordPage = lazyPage(() => import("../features/auth/ResetPasswordPage"), "ResetPasswordPage");
export const VerifyEmailPage = lazyPage(() => import("../features/auth/VerifyEmailPage"), "VerifyEmailPage");
export const SecurityPage = lazyPage(() => import("../features/auth/security/SecurityPage"), "SecurityPage");
export const AdminUsersPage = lazyPage(() => import("../features/auth/admin/AdminUsersPage"), "AdminUsersPage");
export const ChatRoute = lazyPage(() => import("./routes/ChatRoute"), "ChatRoute");
export const AssistantsPage = lazyPage(() => import("../features/assistants/AssistantsPage"), "AssistantsPage");
export const PromptsPage = lazyPage(() => import("../features/prompts/PromptsPage"), "PromptsPage");
export const SharedPromptPage = lazyPage(() => import("../features/prompts/SharedPromptPage"), "SharedPromptPage");
export const CatalogPage = lazyPage(() => import("../features/catalog/CatalogPage"), "CatalogPage");
export const SharesPage = lazyPage(() => import("../features/share/SharesPage"), "SharesPage");
export const SharedPage = lazyPage(() => import("../features/share/SharedPage"), "SharedPage");
export const ImagesPage = lazyPage(() => import("../features/media/images/ImagesPage"), "ImagesPage");
export const AudioPage = lazyPage(() => import("../features/media/audio/AudioPage"), "AudioPage");
export const DashboardPage = lazyPage(() => import("../features/dashboard/DashboardPage"), "DashboardPage");
export const AdminUsagePage = lazyPage(() => import("../features/dashboard/AdminUsagePage"), "AdminUsagePage");
export const HistoryPage = lazyPage(() => import("../features/dashboard/HistoryPage"), "HistoryPage");
export const SettingsLayout = lazyPage(() => import("../features/dashboard/settings/SettingsLayout"), "SettingsLayout");
export const ProfilePage = lazyPage(() => import("../features/dashboard/settings/ProfilePage"), "ProfilePage");
export const KeysPage = lazyPage(() => import("../features/dashboard/settings/KeysPage"), "KeysPage");
export const BillingPage = lazyPage(() => import("../features/dashboard/settings/BillingPage"), "BillingPage");
export const AdminLayout = lazyPage(() => import("../features/dashboard/AdminLayout"), "AdminLayout");
export const AgentsPage = lazyPage(() => import("../features/agents/AgentsPage"), "AgentsPage");
