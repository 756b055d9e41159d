// Typed client for the WeBox HTTP API (same origin, cookie session), typed by the
// types generated from docs/openapi.json (`npm run generate`).
//
// - Every call sends cookies; mutating calls echo the readable `webox_csrf`
//   cookie in `X-CSRF-Token`.
// - Errors are RFC 9457 problem documents, thrown as `ApiError`.
// - A 401 whose code says the access token is missing or expired triggers one
//   `POST /api/auth/refresh` (shared by concurrent callers) and one retry; when the
//   refresh is refused, `onSignedOut` listeners run.

import type { components, paths } from "../generated/openapi";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type ProblemFieldError = Schema<"ProblemFieldError">;

/** An error body as read: a WeBox problem document, or whatever a proxy answered instead. */
export type Problem = Partial<Schema<"Problem">>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId: string | null;
  readonly errors: ProblemFieldError[];
  /** Seconds to wait before retrying, from `Retry-After` (429, 503). */
  readonly retryAfter: number | null;
  /** The whole problem document, for codes that carry more members (e.g. `variables`). */
  readonly problem: Problem;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    requestId?: string | null;
    errors?: ProblemFieldError[];
    retryAfter?: number | null;
    problem?: Problem;
  }) {
    super(init.detail);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId ?? null;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter ?? null;
    this.problem = init.problem ?? {};
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
}

const CSRF_COOKIE = "webox_csrf";
const CSRF_HEADER = "X-CSRF-Token";
const REFRESH_PATH = "/api/auth/refresh";
const REFRESH_CODES = new Set(["token_expired", "not_authenticated"]);

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function toApiError(response: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    const body: unknown = await response.json();
    if (typeof body === "object" && body !== null) problem = body;
  } catch {
    // Not JSON (a proxy's HTML error page, an empty body): fall back to the status line.
  }
  return new ApiError({
    status: response.status,
    code: problem.code ?? `http_${response.status}`,
    detail: problem.detail ?? problem.title ?? response.statusText,
    requestId: problem.request_id ?? response.headers.get("X-Request-Id"),
    errors: Array.isArray(problem.errors) ? problem.errors : [],
    retryAfter: parseRetryAfter(response.headers.get("Retry-After")),
    problem,
  });
}

async function send<T>(method: HttpMethod, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "include",
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError({ status: 0, code: "network_error", detail: String(error) });
  }

  if (!response.ok) throw await toApiError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// --- session refresh -------------------------------------------------------

export type RefreshOutcome = "refreshed" | "signed-out" | "failed";

const signedOutListeners = new Set<() => void>();

/** Runs `listener` whenever the server refuses to refresh the session. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

async function runRefresh(): Promise<RefreshOutcome> {
  try {
    await send("POST", REFRESH_PATH, undefined, {});
    return "refreshed";
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      signedOutListeners.forEach((listener) => {
        listener();
      });
      return "signed-out";
    }
    return "failed";
  }
}

let refreshing: Promise<RefreshOutcome> | null = null;

async function refreshAcrossTabs(): Promise<RefreshOutcome> {
  if (!("locks" in navigator)) return runRefresh();
  return await navigator.locks.request("webox-session-refresh", runRefresh);
}

/**
 * Rotates the session cookies once, however many callers ask at the same time.
 * Tabs take a Web Lock so two of them never present the same refresh token
 * (the server treats a reused refresh token as theft).
 */
export function refreshSession(): Promise<RefreshOutcome> {
  refreshing ??= refreshAcrossTabs().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function mayRefresh(path: string, error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 401 &&
    REFRESH_CODES.has(error.code) &&
    path !== REFRESH_PATH &&
    !path.startsWith("/api/auth/login")
  );
}

export async function request<T>(method: HttpMethod, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(method, path, body, options);
  } catch (error) {
    if (!mayRefresh(path, error)) throw error;
    if ((await refreshSession()) !== "refreshed") throw error;
    return send<T>(method, path, body, options);
  }
}

/** Builds `path?key=value` from the defined, non-empty values. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, undefined, options),
  post: <T = void>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, body, options),
  put: <T = void>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PUT", path, body, options),
  patch: <T = void>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PATCH", path, body, options),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>("DELETE", path, undefined, options),
};

// --- typed endpoints -------------------------------------------------------

/** A schema of the API's OpenAPI document, by name (`Schema<"UserOut">`). */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

type Method = "get" | "post" | "put" | "patch" | "delete";
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
/** The API's paths that answer `method`. */
export type PathWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never;
}[keyof paths];
type JsonOf<R> = R extends { content: { "application/json": infer Body } } ? Body : undefined;
/** What the operation answers on success (200, 201 or 202), parsed from JSON. */
export type ResponseOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer Ok }
      ? JsonOf<Ok>
      : R extends { 201: infer Created }
        ? JsonOf<Created>
        : R extends { 202: infer Accepted }
          ? JsonOf<Accepted>
          : undefined
    : never;
/** The JSON body the operation takes. */
export type BodyOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { "application/json": infer Body } } } ? Body : undefined;
type PathParamsOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { path: infer Params } } ? Params : undefined;
type QueryOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { parameters: { query?: infer Query } } ? Query : undefined;

export interface EndpointCall<P extends keyof paths, M extends Method> extends RequestOptions {
  path?: PathParamsOf<P, M>;
  query?: QueryOf<P, M>;
  body?: BodyOf<P, M>;
}

/**
 * Calls the operation `method template` of the OpenAPI document, its path parameters, query
 * and body typed from it, through `request` (CSRF, session refresh, `ApiError`).
 */
export function endpoint<M extends Method, P extends PathWith<M>>(
  method: M,
  template: P,
  call: EndpointCall<P, M> = {},
): Promise<ResponseOf<P, M>> {
  const params = (call.path ?? {}) as Record<string, string | number>;
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const query = (call.query ?? {}) as Record<string, string | number | null | undefined>;
  return request(method.toUpperCase() as HttpMethod, withQuery(path, query), call.body, { signal: call.signal });
}
