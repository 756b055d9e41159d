// The chart pages load `recharts` (a large library) only when one of them is opened.
import { lazy, Suspense } from "react";
import { Spinner } from "../../components/PageStatus";

const DashboardPage = lazy(() => import("./DashboardPage").then((module) => ({ default: module.DashboardPage })));
const AdminUsagePage = lazy(() => import("./AdminUsagePage").then((module) => ({ default: module.AdminUsagePage })));

export function LazyDashboardPage() {
  return (
    <Suspense fallback={<Spinner />}>
      <DashboardPage />
    </Suspense>
  );
}

export function LazyAdminUsagePage() {
  return (
    <Suspense fallback={<Spinner />}>
      <AdminUsagePage />
    </Suspense>
  );
}
