import { Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { NotFound } from "../components/NotFound";
import { FullPageSpinner } from "../components/PageStatus";
import { GuestOnly, RequireAdmin, RequireAuth } from "../features/auth/guards";
import { featurePath } from "../navigation";
import { Layout } from "./Layout";
import {
  AdminLayout,
  AdminUsagePage,
  AdminUsersPage,
  AgentsPage,
  AssistantsPage,
  AudioPage,
  DocumentsPage,
  BillingPage,
  BlogStudioPage,
  CommentPage,
  PostEditorPage,
  CatalogPage,
  ChatRoute,
  DashboardPage,
  ForgotPasswordPage,
  HistoryPage,
  ImagesPage,
  KeysPage,
  LandingPage,
  LoginPage,
  ProfilePage,
  PromptsPage,
  RegisterPage,
  ResetPasswordPage,
  SecurityPage,
  SettingsLayout,
  SharedPage,
  SharedPromptPage,
  SharesPage,
  TaskPage,
  TasksPage,
  ApprovePage,
  ToolApprovePage,
  AutomationsPage,
  GuidePage,
  VoiceCallPage,
  VoicePage,
  VerifyEmailPage,
  WorkflowsRoute,
} from "./pages";

export function App() {
  // Pages load on first visit; inside the shell its own Suspense keeps the navigation in place.
  return (
    <Suspense fallback={<FullPageSpinner />}>
      <Routes>
      {/* Signed-out visitors see what WeBox does; signed-in people go on to the chat. */}
      <Route index element={<GuestOnly><LandingPage /></GuestOnly>} />
      <Route path="login" element={<GuestOnly><LoginPage /></GuestOnly>} />
      <Route path="register" element={<GuestOnly><RegisterPage /></GuestOnly>} />
      <Route path="forgot-password" element={<ForgotPasswordPage />} />
      <Route path="reset-password" element={<ResetPasswordPage />} />
      <Route path="verify-email" element={<VerifyEmailPage />} />
      {/* Read-only pages behind share links: open to people without an account. */}
      <Route path="s/:token" element={<SharedPage />} />
      <Route path="p/:token" element={<SharedPromptPage />} />
      <Route path="tasks/approve" element={<ApprovePage />} />
      <Route path="agents/approve" element={<ToolApprovePage />} />

      <Route element={<RequireAuth />}>
        <Route element={<Layout />}>
          {/* One route with an optional id, so the page (and its stream) stays mounted across conversations. */}
          <Route path="chat/:conversationId?" element={<ChatRoute />} />
          <Route path={featurePath("assistants")} element={<AssistantsPage />} />
          <Route path={featurePath("prompts")} element={<PromptsPage />} />
          <Route path={featurePath("catalog")} element={<CatalogPage />} />
          <Route path="shares" element={<SharesPage />} />
          <Route path={featurePath("images")} element={<ImagesPage />} />
          <Route path={featurePath("audio")} element={<AudioPage />} />
          <Route path={featurePath("documents")} element={<DocumentsPage />} />
          <Route path={featurePath("automations")} element={<AutomationsPage />} />
          <Route path="automations/guides/:guideId" element={<GuidePage />} />
          <Route path={featurePath("dashboard")} element={<DashboardPage />} />
          <Route path="workflows/:workflowId?" element={<WorkflowsRoute />} />
          <Route path={featurePath("tasks")} element={<TasksPage />} />
          <Route path="tasks/:taskId" element={<TaskPage />} />
          <Route path={featurePath("blog")} element={<BlogStudioPage />} />
          <Route path="studio/blog/:postId" element={<PostEditorPage />} />
          <Route path="comments/:postId" element={<CommentPage />} />
          <Route path={featurePath("voice")} element={<VoicePage />} />
          <Route path="voice/calls/:callId" element={<VoiceCallPage />} />
          <Route path={featurePath("agents")} element={<AgentsPage />} />
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
            <Route path="admin/usage" element={<AdminUsagePage />} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
      </Routes>
    </Suspense>
  );
}
