import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { CheckboxField, SelectField, TextField } from "../../components/Field";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useAuth } from "../../lib/auth";
import { knowledgeBaseKeys, listKnowledgeBases } from "../../lib/knowledgeBases";
import { AdminNumbersSection } from "./AdminNumbers";
import { voiceApi, voiceKeys, type AvailableNumber, type Persona, type PersonaInput, type VoiceNumber } from "./api";
import { LiveCalls } from "./LiveCalls";
import { Softphone } from "./Softphone";
import { TwilioAccountSection } from "./TwilioAccount";

const EMPTY: PersonaInput = {
  name: "",
  instructions: "",
  model: "gpt-4o-mini",
  language: "fr-FR",
  voice: "Google.fr-FR-Neural2-A",
  greeting: "",
  record: true,
  consent_line: "",
  knowledge_base_id: null,
};

function PersonaForm() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [draft, setDraft] = useState<PersonaInput>(EMPTY);
  const bases = useQuery({ queryKey: knowledgeBaseKeys.all, queryFn: listKnowledgeBases });
  const create = useMutation({
    mutationFn: () =>
      voiceApi.createPersona({
        ...draft,
        consent_line: draft.consent_line?.trim() ? draft.consent_line : null,
      }),
    onSuccess: async () => {
      setDraft(EMPTY);
      await client.invalidateQueries({ queryKey: voiceKeys.personas });
    },
  });
  const field = (key: "name" | "instructions" | "model" | "greeting" | "consent_line" | "language" | "voice") => ({
    value: draft[key] ?? "",
    onChange: (event: { target: { value: string } }) => {
      setDraft({ ...draft, [key]: event.target.value });
    },
    "data-testid": `persona-${key}`,
  });
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <TextField label={t("voice.persona.name")} required {...field("name")} />
      <TextField label={t("voice.persona.model")} required {...field("model")} />
      <TextField label={t("voice.persona.greeting")} required {...field("greeting")} />
      <TextField label={t("voice.persona.language")} {...field("language")} />
      <TextField label={t("voice.persona.voice")} {...field("voice")} />
      <TextField label={t("voice.persona.consent")} {...field("consent_line")} />
      <TextField className="sm:col-span-2" label={t("voice.persona.instructions")} {...field("instructions")} />
      <SelectField
        label={t("voice.persona.knowledge")}
        hint={t("voice.persona.knowledge_hint")}
        value={draft.knowledge_base_id ?? ""}
        onChange={(event) => {
          setDraft({ ...draft, knowledge_base_id: event.target.value || null });
        }}
        data-testid="persona-knowledge"
      >
        <option value="">{t("voice.persona.knowledge_none")}</option>
        {(bases.data ?? []).map((base) => (
          <option key={base.base_id} value={base.base_id}>
            {base.name}
          </option>
        ))}
      </SelectField>
      <CheckboxField
        label={t("voice.persona.record")}
        checked={draft.record}
        onChange={(event) => {
          setDraft({ ...draft, record: event.target.checked });
        }}
      />
      <div>
        <Button type="submit" loading={create.isPending} data-testid="persona-create">
          {t("voice.persona.create")}
        </Button>
      </div>
      {create.isError && <ProblemError error={create.error} data-testid="persona-error" />}
    </form>
  );
}

function NumberRow({ number, personas, mine }: { number: AvailableNumber; personas: Persona[]; mine: VoiceNumber | undefined }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [picked, setPicked] = useState<string | null>(null);
  // What the row answers with: the pick, else the persona answering now, else the first one.
  const persona = picked ?? mine?.persona_id ?? personas[0]?.id ?? "";
  const claim = useMutation({
    mutationFn: () => voiceApi.claim(number.phone_number, persona),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ["voice"] });
    },
  });
  const answeredBy = personas.find((p) => p.id === mine?.persona_id)?.name;
  return (
    <li className="flex flex-wrap items-center gap-3 text-sm">
      <span className="font-mono">{number.phone_number}</span>
      <span className="text-slate-500">{number.friendly_name}</span>
      <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{t(`voice.numbers.source.${number.source}`)}</span>
      {answeredBy && <span className="text-emerald-700 dark:text-emerald-400">{t("voice.numbers.answered_by", { name: answeredBy })}</span>}
      {!number.free ? (
        <span className="text-slate-400">{t("voice.numbers.taken")}</span>
      ) : personas.length === 0 ? (
        <span className="text-slate-400">{t("voice.numbers.need_persona")}</span>
      ) : (
        <>
          <select
            aria-label={t("voice.numbers.persona")}
            className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
            value={persona}
            onChange={(event) => {
              setPicked(event.target.value);
            }}
            data-testid={`persona-for-${number.phone_number}`}
          >
            {personas.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <Button
            variant="ghost"
            loading={claim.isPending}
            onClick={() => {
              claim.mutate();
            }}
            data-testid={`claim-${number.phone_number}`}
          >
            {t("voice.numbers.claim")}
          </Button>
        </>
      )}
      {claim.isError && <ProblemError error={claim.error} data-testid="claim-error" />}
    </li>
  );
}

function Numbers() {
  const { t } = useI18n();
  const personas = useQuery({
    queryKey: voiceKeys.personas,
    queryFn: voiceApi.personas,
  });
  const available = useQuery({
    queryKey: voiceKeys.available,
    queryFn: voiceApi.available,
  });
  const numbers = useQuery({
    queryKey: voiceKeys.numbers,
    queryFn: voiceApi.numbers,
  });
  const mine = new Map((numbers.data?.items ?? []).map((n) => [n.phone_number, n]));
  if (available.isPending) return <Spinner />;
  if (available.isError) return <ProblemError error={available.error} data-testid="numbers-error" />;
  if (available.data.items.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="voice-numbers-empty">
        {t("voice.numbers.empty")}
      </p>
    );
  }
  return (
    <ul className="space-y-2" data-testid="voice-numbers">
      {available.data.items.map((number) => (
        <NumberRow key={number.number_sid} number={number} personas={personas.data?.items ?? []} mine={mine.get(number.phone_number)} />
      ))}
    </ul>
  );
}

function Calls() {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const calls = useQuery({
    queryKey: voiceKeys.calls(q),
    queryFn: () => voiceApi.calls(q),
    refetchInterval: 5000,
  });
  return (
    <div className="space-y-2">
      <TextField
        label={t("voice.calls.search")}
        value={q}
        onChange={(event) => {
          setQ(event.target.value);
        }}
        data-testid="calls-search"
      />
      {calls.isPending ? (
        <Spinner />
      ) : calls.isError ? (
        <ProblemError error={calls.error} />
      ) : calls.data.items.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="calls-empty">
          {t("voice.calls.empty")}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="calls-list">
          {calls.data.items.map((call) => (
            <li key={call.id} className="py-2 text-sm">
              <Link to={`/voice/calls/${call.id}`} className="font-medium text-indigo-700 dark:text-indigo-300" data-testid="call-link">
                {call.from_number} → {call.to_number}
              </Link>{" "}
              <span className="text-slate-500">
                {new Date(call.started_at).toLocaleString()} · {t(`voice.status.${call.status}` as "voice.status.completed")} ·{" "}
                {t("voice.calls.turns", { n: call.turns })}
              </span>
              {call.summary && <p className="text-slate-600 dark:text-slate-400">{call.summary}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** `/voice`: personas, numbers, the softphone (local mode) and the call history. */
export function VoicePage() {
  const { t } = useI18n();
  useDocumentTitle(t("voice.title"));
  const { user } = useAuth();
  const personas = useQuery({
    queryKey: voiceKeys.personas,
    queryFn: voiceApi.personas,
  });
  const numbers = useQuery({
    queryKey: voiceKeys.numbers,
    queryFn: voiceApi.numbers,
  });
  const answered = (numbers.data?.items ?? []).filter((n) => n.persona_id);
  return (
    <div className="mx-auto max-w-4xl space-y-8" data-testid="voice-page">
      <header>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("voice.title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("voice.subtitle")}</p>
      </header>
      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("voice.persona.title")}</h2>
        <ul className="text-sm" data-testid="voice-personas">
          {(personas.data?.items ?? []).map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong> · {p.model} · {p.language}
            </li>
          ))}
        </ul>
        <PersonaForm />
      </section>
      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("voice.numbers.title")}</h2>
        <Numbers />
      </section>
      <TwilioAccountSection />
      {answered.length > 0 && <Softphone numbers={answered} />}
      <LiveCalls />
      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("voice.calls.title")}</h2>
        <Calls />
      </section>
      {user?.role === "admin" && <AdminNumbersSection />}
    </div>
  );
}
