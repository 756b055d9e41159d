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
import { PromptsPage } from "./features/prompts/PromptsPage";
import { FEATURES, featurePath, type FeatureId } from "./navigation";

// Features with their own page; every other one shows `ComingSoon`.
const BUILT: ReadonlySet<FeatureId> = new Set<FeatureId>(["chat", "assistants", "prompts", "catalog"]);

export function App() {
  return (
    <Routes>
      <Route index element={<HomeRedirect />} />
      <Route path="login" element={<GuestOnly><LoginPage /></GuestOnly>} />
      <Route path="register" element={<GuestOnly><RegisterPage /></GuestOnly>} />
      <Route path="forgot-password" element={<ForgotPasswordPage />} />
      <Route path="reset-password" element={<ResetPasswordPage />} />
      <Route path="verify-email" element={<VerifyEmailPage />} />

      <Route element={<RequireAuth />}>
        <Route element={<Layout />}>
          {/* One route with an optional id, so the page (and its stream) stays mounted across conversations. */}
          <Route path="chat/:conversationId?" element={<ChatPage />} />
          <Route path={featurePath("assistants")} element={<AssistantsPage />} />
          <Route path={featurePath("prompts")} element={<PromptsPage />} />
          <Route path={featurePath("catalog")} element={<CatalogPage />} />
          {FEATURES.filter((feature) => !BUILT.has(feature.id)).map((feature) => (
            <Route key={feature.id} path={featurePath(feature.id)} element={<ComingSoon feature={feature.id} />} />
          ))}
          <Route path="settings" element={<Navigate to="/settings/security" replace />} />
          <Route path="settings/security" element={<SecurityPage />} />
          <Route path="admin" element={<Navigate to="/admin/users" replace />} />
          <Route path="admin/users" element={<RequireAdmin><AdminUsersPage /></RequireAdmin>} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}
