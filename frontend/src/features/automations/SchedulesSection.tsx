import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { SelectField, TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { automationKeys, automationsApi, type ScheduleInput } from "./api";
import { Section } from "./Section";
import { EMPTY_TARGET, toTarget, type TargetDraft } from "./target";
import { TargetFields } from "./TargetFields";

type When = "weekday" | "day" | "once";

/** Schedules (Paris time) of a mailed prompt, a workflow or an agent: next run, pause, resume, delete. */
export function SchedulesSection() {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const schedules = useQuery({
    queryKey: automationKeys.schedules,
    queryFn: automationsApi.schedules,
  });
  const [label, setLabel] = useState("");
  const [when, setWhen] = useState<When>("weekday");
  const [time, setTime] = useState("08:00");
  const [date, setDate] = useState("");
  const [draft, setDraft] = useState<TargetDraft>(EMPTY_TARGET);
  const refresh = () => queryClient.invalidateQueries({ queryKey: automationKeys.schedules });
  const create = useMutation({
    mutationFn: automationsApi.createSchedule,
    onSuccess: () => {
      setLabel("");
      setDraft(EMPTY_TARGET);
      void refresh();
    },
  });
  const pause = useMutation({
    mutationFn: ({ id, paused }: { id: string; paused: boolean }) => automationsApi.pauseSchedule(id, paused),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: automationsApi.deleteSchedule,
    onSuccess: refresh,
  });

  const target = toTarget(draft, label, language);
  const submit = () => {
    if (!target) return;
    const body: ScheduleInput =
      when === "once"
        ? { label, run_at: date, timezone: "Europe/Paris", target }
        : { label, every: when, time, timezone: "Europe/Paris", target };
    create.mutate(body);
  };

  return (
    <Section
      title={t("automations.schedules.title")}
      testId="automations-schedules"
      action={
        schedules.data && (
          <span className="text-sm text-slate-500" data-testid="automations-schedule-count">
            {t("automations.schedules.count", {
              count: schedules.data.items.length,
              limit: schedules.data.limit,
            })}
          </span>
        )
      }
    >
      <form
        className="grid gap-2 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        data-testid="automations-schedule-form"
      >
        <TextField
          label={t("automations.schedules.label")}
          value={label}
          required
          maxLength={100}
          onChange={(e) => {
            setLabel(e.target.value);
          }}
          data-testid="automations-schedule-label"
        />
        <SelectField
          label={t("automations.schedules.when")}
          value={when}
          onChange={(e) => {
            setWhen(e.target.value as When);
          }}
          data-testid="automations-schedule-when"
        >
          <option value="weekday">{t("automations.schedules.weekday")}</option>
          <option value="day">{t("automations.schedules.day")}</option>
          <option value="once">{t("automations.schedules.once")}</option>
        </SelectField>
        {when === "once" ? (
          <TextField
            type="datetime-local"
            label={t("automations.schedules.date")}
            hint={t("automations.schedules.timezone")}
            value={date}
            required
            onChange={(e) => {
              setDate(e.target.value);
            }}
            data-testid="automations-schedule-date"
          />
        ) : (
          <TextField
            type="time"
            label={t("automations.schedules.time")}
            hint={t("automations.schedules.timezone")}
            value={time}
            required
            onChange={(e) => {
              setTime(e.target.value);
            }}
            data-testid="automations-schedule-time"
          />
        )}
        <TargetFields draft={draft} onChange={setDraft} on="schedule" />
        <div className="sm:col-span-2">
          <Button type="submit" disabled={!target} loading={create.isPending} data-testid="automations-schedule-create">
            {t("automations.schedules.new")}
          </Button>
        </div>
        {create.isError && <ProblemError error={create.error} />}
      </form>
      <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="automations-schedule-list">
        {schedules.data?.items.map((schedule) => (
          <li
            key={schedule.schedule_id}
            className="flex flex-wrap items-center justify-between gap-2 py-2"
            data-testid="automations-schedule"
          >
            <span>
              <strong>{schedule.label}</strong> ·{" "}
              {schedule.paused
                ? t("automations.schedules.paused")
                : t("automations.schedules.next", {
                    date: formatDateTime(schedule.next_fire_at, language),
                  })}
            </span>
            <span className="flex gap-2">
              <Button
                variant="secondary"
                onClick={() => {
                  pause.mutate({
                    id: schedule.schedule_id,
                    paused: !schedule.paused,
                  });
                }}
                data-testid="automations-schedule-pause"
              >
                {schedule.paused ? t("automations.schedules.resume") : t("automations.schedules.pause")}
              </Button>
              <ConfirmButton
                variant="danger"
                question={t("automations.schedules.delete_question", {
                  label: schedule.label,
                })}
                loading={remove.isPending && remove.variables === schedule.schedule_id}
                onConfirm={() => {
                  remove.mutate(schedule.schedule_id);
                }}
                data-testid="automations-schedule-delete"
              >
                {t("automations.common.delete")}
              </ConfirmButton>
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
