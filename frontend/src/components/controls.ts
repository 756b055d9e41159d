/** The one look of a text box, select or text area (Input, Select, Textarea, the labelled fields). */
export const controlClasses =
  "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:opacity-60 " +
  "dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600 dark:focus:ring-indigo-400";

/** Added to a control whose value is refused. */
export const invalidControlClasses = "ring-red-500 dark:ring-red-500";
