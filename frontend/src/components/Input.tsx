import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { controlClasses, invalidControlClasses } from "./controls";

interface ControlProps {
  /** Marks the value as refused (red ring); pair it with an error message the control describes. */
  invalid?: boolean;
}

const classesOf = (invalid: boolean | undefined, className: string | undefined) =>
  [controlClasses, invalid ? invalidControlClasses : "", className ?? ""].filter(Boolean).join(" ");

/** A text box in the app's one style; label it (`<label htmlFor>` or `aria-label`). */
export function Input({ invalid, className, ...input }: ControlProps & InputHTMLAttributes<HTMLInputElement>) {
  return <input aria-invalid={invalid ? true : undefined} className={classesOf(invalid, className)} {...input} />;
}

export function Select({ invalid, className, ...select }: ControlProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return <select aria-invalid={invalid ? true : undefined} className={classesOf(invalid, className)} {...select} />;
}

export function Textarea({ invalid, className, ...area }: ControlProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea aria-invalid={invalid ? true : undefined} className={classesOf(invalid, className)} {...area} />;
}
