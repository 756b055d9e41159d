import { Navigate, Route, Routes } from "react-router";
import { ComingSoon } from "./components/ComingSoon";
import { Layout } from "./components/Layout";
import { NotFound } from "./components/NotFound";
import { AdminUsersPage } from "./features/auth/admin/AdminUsersPage";
import { ForgotPasswordPage } from "./features/auth/ForgotPasswordPage";
import { GuestOnly, HomeRedirect, RequireAdmin, RequireAuth } from "./features/auth/guards";
import { LoginPage } from "./features/auth/LoginPage";
import { RegisterPage } from "./features/auth/RegisterPage";
import { ResetPasswordPage } from "./features/auth/ResetPasswordPage";
import { SecurityPage } from "./features/auth/security/SecurityPage";
import { VerifyEmailPage } from "./features/auth/VerifyEmailPage";
import { AssistantsPage } from "./features/assistants/AssistantsPage";
import { CatalogPage } from "./features/catalog/CatalogPage";
import { ChatPage } from "./features/chat/ChatPage";
import { AudioPage } from "./features/media/audio/AudioPage";
import { ImagesPage } from "./features/media/images/ImagesPage";
import { AdminLayout } from "./features/dashboard/AdminLayout";
import { HistoryPage } from "./features/dashboard/HistoryPage";
import { LazyAdminUsagePage, LazyDashboardPage } from "./features/dashboard/lazy";
import { BillingPage } from "./features/dashboard/settings/BillingPage";
import { KeysPage } from "./features/dashboard/settings/KeysPage";
import { ProfilePage } from "./features/dashboard/settings/ProfilePage";
import { SettingsLayout } from "./features/dashboard/settings/SettingsLayout";
import { PromptsPage } from "./features/prompts/PromptsPage";
import { SharedPromptPage } from "./features/prompts/SharedPromptPage";
import { SharedPage } from "./features/share/SharedPage";
import { SharesPage } from "./features/share/SharesPage";
import { FEATURES, featurePath, type FeatureId } from "./navigation";

// Features with their own page; every other one shows `ComingSoon`.
const BUILT: ReadonlySet<FeatureId> = new Set<FeatureId>(["chat", "assistants", "prompts", "catalog", "images", "audio", "dashboard"]);

export function App() {
  return (
    <Routes>
      <Route index element={<HomeRedirect />} />
      <Route path="login" element={<GuestOnly><LoginPage /></GuestOnly>} />
      <Route path="register" element={<GuestOnly><RegisterPage /></GuestOnly>} />
      <Route path="forgot-password" element={<ForgotPasswordPage />} />
      <Route path="reset-password" element={<ResetPasswordPage />} />
      <Route path="verify-email" element={<VerifyEmailPage />} />
      {/* Read-only pages behind share links: open to people without an account. */}
      <Route path="s/:token" element={<SharedPage />} />
      <Route path="p/:token" element={<SharedPromptPage />} />

      <Route element={<RequireAuth />}>
        <Route element={<Layout />}>
          {/* One route with an optional id, so the page (and its stream) stays mounted across conversations. */}
          <Route path="chat/:conversationId?" element={<ChatPage />} />
          <Route path={featurePath("assistants")} element={<AssistantsPage />} />
          <Route path={featurePath("prompts")} element={<PromptsPage />} />
          <Route path={featurePath("catalog")} element={<CatalogPage />} />
          <Route path="shares" element={<SharesPage />} />
          <Route path={featurePath("images")} element={<ImagesPage />} />
          <Route path={featurePath("audio")} element={<AudioPage />} />
          <Route path={featurePath("dashboard")} element={<LazyDashboardPage />} />
          {FEATURES.filter((feature) => !BUILT.has(feature.id)).map((feature) => (
            <Route key={feature.id} path={featurePath(feature.id)} element={<ComingSoon feature={feature.id} />} />
          ))}
          <Route path="dashboard/history" element={<HistoryPage />} />
          <Route path="settings" element={<Navigate to="/settings/profile" replace />} />
          <Route element={<SettingsLayout />}>
            <Route path="settings/profile" element={<ProfilePage />} />
            <Route path="settings/keys" element={<KeysPage />} />
            <Route path="settings/billing" element={<BillingPage />} />
            <Route path="settings/security" element={<SecurityPage />} />
          </Route>
          <Route path="admin" element={<Navigate to="/admin/users" replace />} />
          <Route element={<RequireAdmin><AdminLayout /></RequireAdmin>}>
            <Route path="admin/users" element={<AdminUsersPage />} />
            <Route path="admin/usage" element={<LazyAdminUsagePage />} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}
