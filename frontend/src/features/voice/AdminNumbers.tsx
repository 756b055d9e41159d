import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { voiceApi, voiceKeys, type AdminNumber } from "./api";

function Row({ number }: { number: AdminNumber }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [email, setEmail] = useState("");
  const done = async () => {
    setEmail("");
    await client.invalidateQueries({ queryKey: ["voice"] });
  };
  const assign = useMutation({
    mutationFn: () => voiceApi.assign(number.phone_number, email.trim()),
    onSuccess: done,
  });
  const unassign = useMutation({
    mutationFn: () => voiceApi.unassign(number.phone_number),
    onSuccess: done,
  });
  const id = number.phone_number;
  return (
    <li className="space-y-1 text-sm" data-testid={`admin-number-${id}`}>
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-mono">{id}</span>
        <span className="text-slate-500">{number.friendly_name}</span>
        {number.assigned_to ? (
          <>
            <span data-testid={`assigned-${id}`}>
              {t("voice.admin.assigned_to", {
                email: number.assigned_to.email,
              })}
            </span>
            <Button
              variant="ghost"
              loading={unassign.isPending}
              onClick={() => {
                unassign.mutate();
              }}
              data-testid={`unassign-${id}`}
            >
              {t("voice.admin.unassign")}
            </Button>
          </>
        ) : (
          <form
            className="flex items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              assign.mutate();
            }}
          >
            <TextField
              label={t("voice.admin.email")}
              type="email"
              required
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
              data-testid={`assign-email-${id}`}
            />
            <Button type="submit" loading={assign.isPending} data-testid={`assign-${id}`}>
              {t("voice.admin.assign")}
            </Button>
          </form>
        )}
      </div>
      {assign.isError && <ProblemError error={assign.error} data-testid={`assign-error-${id}`} />}
      {unassign.isError && <ProblemError error={unassign.error} />}
    </li>
  );
}

/** Admins: the platform account's numbers, assigned to users by e-mail address or taken back. */
export function AdminNumbersSection() {
  const { t } = useI18n();
  const numbers = useQuery({
    queryKey: voiceKeys.adminNumbers,
    queryFn: voiceApi.adminNumbers,
  });
  return (
    <section className="space-y-3" data-testid="voice-admin">
      <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("voice.admin.title")}</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("voice.admin.hint")}</p>
      {numbers.isPending ? (
        <Spinner />
      ) : numbers.isError ? (
        <ProblemError error={numbers.error} />
      ) : (
        <ul className="space-y-3">
          {numbers.data.items.map((number) => (
            <Row key={number.number_sid} number={number} />
          ))}
        </ul>
      )}
    </section>
  );
}
