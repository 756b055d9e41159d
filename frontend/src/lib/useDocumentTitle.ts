import { useEffect } from "react";

const BRAND = "WeBox Multi-IA";

/** Sets the tab title to "<page> · WeBox Multi-IA" while the page is shown. */
export function useDocumentTitle(page?: string): void {
  useEffect(() => {
    document.title = page ? `${page} · ${BRAND}` : BRAND;
    return () => {
      document.title = BRAND;
    };
  }, [page]);
}
