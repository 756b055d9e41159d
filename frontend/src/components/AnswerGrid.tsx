import type { HTMLAttributes } from "react";

// As many columns as the box holds at 17rem or more each, four at most, every column as wide as the
// others; a narrow box (a phone) stacks them. It follows the box's width, not the window's, so an
// open or folded sidebar changes the count.
const COLUMNS = "repeat(auto-fit, minmax(min(100%, max(17rem, calc((100% - 3 * 0.75rem) / 4))), 1fr))";

/** Answers of several models side by side: 1 to 4 per row by width (the chat's grid, shared pages). */
export function AnswerGrid({ className = "", style, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={`grid gap-3 ${className}`} style={{ gridTemplateColumns: COLUMNS, ...style }} {...rest} />;
}
