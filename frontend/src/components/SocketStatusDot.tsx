import { useI18n } from "../i18n";
import { useSocketStatus, type SocketStatus } from "../lib/ws";

const DOT: Record<SocketStatus, string> = {
  connected: "bg-emerald-500",
  reconnecting: "bg-amber-400 animate-pulse",
  offline: "bg-slate-400",
};

export function SocketStatusDot() {
  const { t } = useI18n();
  const status = useSocketStatus();
  const label = t(`socket.${status}`);
  return (
    <span
      data-testid="socket-status"
      data-status={status}
      title={label}
      className="inline-flex items-center gap-1.5 rounded-full px-2 py-1 text-xs text-slate-600 dark:text-slate-300"
    >
      <span className={`size-2.5 rounded-full ${DOT[status]}`} aria-hidden="true" />
      <span className="sr-only sm:not-sr-only">{label}</span>
    </span>
  );
}
