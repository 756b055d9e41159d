import { lazy, type ComponentType, type LazyExoticComponent } from "react";

/**
 * A page whose module loads only when its route first renders: `lazyPage(() => import("./X"), "X")`.
 * The nearest `<Suspense>` (the app shell's, or the one around every route) shows meanwhile.
 */
// `lazy()` itself takes `ComponentType<any>`; the page keeps its own props type through `Module[Name]`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPage<Module extends Record<Name, ComponentType<any>>, Name extends keyof Module & string>(
  load: () => Promise<Module>,
  name: Name,
): LazyExoticComponent<Module[Name]> {
  return lazy(async () => ({ default: (await load())[name] }));
}
