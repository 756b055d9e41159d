import { ToggleGroup } from "../../components/ToggleGroup";
import { useI18n } from "../../i18n";
import { RANGES, type Range } from "./api";

/** 7 / 30 / 90 days, as a group of toggle buttons. */
export function RangeToggle({ value, onChange }: { value: Range; onChange: (value: Range) => void }) {
  const { t } = useI18n();
  return (
    <ToggleGroup
      label={t("dashboard.range.label")}
      options={RANGES.map((days) => ({
        value: days,
        label: t("dashboard.range.days", { days }),
        testId: `range-${days}`,
      }))}
      value={value}
      onChange={onChange}
    />
  );
}
