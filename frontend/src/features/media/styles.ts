export const TEXTAREA =
  "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:opacity-60 " +
  "dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600 dark:focus:ring-indigo-400";

export const LABEL = "mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200";
