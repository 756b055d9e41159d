import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { SearchInput } from "../../../components/SearchInput";
import { useState } from "react";
import { ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { formatDate } from "../../../lib/format";
import { useDebounced } from "../../../lib/useDebounced";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { authApi, type AdminUser, type AdminUserPage, type Role } from "../api";
import { useAuth } from "../../../lib/auth";
import { PageHeader } from "../../../components/PageHeader";

const USERS_KEY = ["auth", "admin", "users"] as const;

function UserRow({ user, isSelf }: { user: AdminUser; isSelf: boolean }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (change: { role?: Role; disabled?: boolean }) => authApi.updateUser(user.id, change),
    onSuccess: (updated) => {
      queryClient.setQueriesData<InfiniteData<AdminUserPage>>({ queryKey: USERS_KEY }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((item) => (item.id === updated.id ? updated : item)),
              })),
            }
          : data,
      );
    },
  });

  return (
    <tr data-testid="admin-user-row" data-user-id={user.id} data-disabled={user.disabled} className="align-top">
      <td className="py-3 pr-3">
        <p className="font-medium text-slate-900 dark:text-white">
          {user.name}
          {isSelf && <span className="ml-2 text-xs font-normal text-slate-500">{t("admin.you")}</span>}
        </p>
        <p className="text-slate-500 dark:text-slate-400">{user.email}</p>
        <ProblemError error={update.error} />
      </td>
      <td className="py-3 pr-3">
        <label className="sr-only" htmlFor={`role-${user.id}`}>
          {t("admin.role")}
        </label>
        <select
          id={`role-${user.id}`}
          value={user.role}
          disabled={isSelf || update.isPending}
          onChange={(event) => {
            update.mutate({ role: event.target.value as Role });
          }}
          data-testid="admin-user-role"
          className="rounded-lg border-0 bg-white py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset disabled:opacity-60 dark:bg-slate-900 dark:ring-slate-600"
        >
          <option value="user">{t("admin.role_user")}</option>
          <option value="admin">{t("admin.role_admin")}</option>
          <option value="editor">{t("admin.role_editor")}</option>
        </select>
      </td>
      <td className="hidden py-3 pr-3 sm:table-cell">
        {user.mfa_enabled ? (
          <ShieldCheck className="size-4 text-emerald-600" aria-label={t("admin.mfa_on")} />
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </td>
      <td className="hidden py-3 pr-3 text-slate-500 md:table-cell dark:text-slate-400">
        {formatDate(user.created_at, language)}
      </td>
      <td className="py-3 text-right">
        <span
          className={`mr-2 inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${
            user.disabled
              ? "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200"
              : "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200"
          }`}
          data-testid="admin-user-status"
        >
          {user.disabled ? t("admin.status_disabled") : t("admin.status_active")}
        </span>
        <Button
          variant={user.disabled ? "secondary" : "ghost"}
          disabled={isSelf}
          loading={update.isPending && update.variables.disabled !== undefined}
          onClick={() => {
            update.mutate({ disabled: !user.disabled });
          }}
          data-testid="admin-user-toggle-disabled"
        >
          {user.disabled ? t("admin.enable") : t("admin.disable")}
        </Button>
      </td>
    </tr>
  );
}

export function AdminUsersPage() {
  const { t } = useI18n();
  const { user: me } = useAuth();
  useDocumentTitle(t("admin.title"));
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const users = useInfiniteQuery({
    queryKey: [...USERS_KEY, q],
    queryFn: ({ pageParam, signal }) => authApi.listUsers({ q, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <PageHeader title={t("admin.title")} subtitle={t("admin.subtitle")} />
      <SearchInput
        id="admin-search"
        label={t("admin.search")}
        value={search}
        onChange={setSearch}
        data-testid="admin-users-search"
        className="max-w-md"
      />
      <div className="overflow-x-auto rounded-2xl bg-white px-4 shadow-sm ring-1 ring-slate-200 sm:px-6 dark:bg-slate-900 dark:ring-slate-800">
        {users.isPending ? (
          <Spinner />
        ) : users.isError ? (
          <div className="py-4">
            <ProblemError error={users.error} />
          </div>
        ) : rows.length === 0 ? (
          <p className="py-6 text-sm text-slate-500" data-testid="admin-users-empty">
            {t("admin.empty")}
          </p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="admin-users-table">
            <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-3 pr-3 font-medium">{t("admin.user")}</th>
                <th scope="col" className="py-3 pr-3 font-medium">{t("admin.role")}</th>
                <th scope="col" className="hidden py-3 pr-3 font-medium sm:table-cell">{t("admin.mfa")}</th>
                <th scope="col" className="hidden py-3 pr-3 font-medium md:table-cell">{t("admin.created")}</th>
                <th scope="col" className="py-3 text-right font-medium">{t("admin.status")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {rows.map((row) => (
                <UserRow key={row.id} user={row} isSelf={row.id === me?.id} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {users.hasNextPage && (
        <div className="text-center">
          <Button
            variant="secondary"
            loading={users.isFetchingNextPage}
            onClick={() => void users.fetchNextPage()}
            data-testid="admin-users-load-more"
          >
            {t("admin.load_more")}
          </Button>
        </div>
      )}
    </div>
  );
}
