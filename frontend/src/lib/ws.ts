// The one WebSocket of the SPA: `ws(s)://<host>/ws`, authenticated by the
// session cookies at connect time. It reconnects on its own with exponential
// backoff and jitter, and queues what is sent while it is down.
import { useSyncExternalStore } from "react";
import { refreshSession } from "./api";

export type SocketStatus = "connected" | "reconnecting" | "offline";

export interface SocketMessage {
  type: string;
  [field: string]: unknown;
}

export type SocketHandler = (message: SocketMessage) => void;

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 10_000;
const MAX_QUEUED = 200;

/** Delay before reconnect attempt number `attempt` (0-based): half fixed, half random. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

function defaultUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/ws`;
}

function isMessage(value: unknown): value is SocketMessage {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

export class SocketClient {
  private socket: WebSocket | null = null;
  private wanted = false;
  private attempt = 0;
  private refreshedSinceOpen = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  private queue: string[] = [];
  private status: SocketStatus = "offline";
  private readonly handlers = new Map<string, Set<SocketHandler>>();
  private readonly statusListeners = new Set<() => void>();

  private readonly url: () => string;

  constructor(url: () => string = defaultUrl) {
    this.url = url;
    window.addEventListener("online", () => {
      if (this.wanted && !this.socket) this.reconnectNow();
    });
    window.addEventListener("offline", () => {
      if (this.wanted && !this.socket) this.setStatus("offline");
    });
  }

  /** Opens the connection (idempotent); call once the user is signed in. */
  connect(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    this.refreshedSinceOpen = false;
    this.open();
  }

  /** Closes the connection for good and drops queued messages; call on sign-out. */
  disconnect(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.stableTimer);
    this.queue = [];
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "signed out");
    this.setStatus("offline");
  }

  /** Sends `message` now, or once reconnected. Returns false when not signed in. */
  send(message: object): boolean {
    if (!this.wanted) return false;
    const data = JSON.stringify(message);
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(data);
    } else {
      this.queue.push(data);
      if (this.queue.length > MAX_QUEUED) this.queue.shift();
    }
    return true;
  }

  /** Calls `handler` for each message of `type` (or every message for "*"). */
  subscribe(type: string, handler: SocketHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  getStatus = (): SocketStatus => this.status;

  onStatusChange = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  private setStatus(status: SocketStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.statusListeners.forEach((listener) => {
      listener();
    });
  }

  private open(): void {
    this.setStatus(navigator.onLine ? "reconnecting" : "offline");
    const socket = new WebSocket(this.url());
    this.socket = socket;
    let opened = false;

    socket.onopen = () => {
      opened = true;
      this.refreshedSinceOpen = false;
      this.setStatus("connected");
      for (const data of this.queue.splice(0)) socket.send(data);
      this.stableTimer = setTimeout(() => {
        this.attempt = 0;
      }, STABLE_AFTER_MS);
    };
    socket.onmessage = (event: MessageEvent) => {
      this.dispatch(event.data);
    };
    socket.onclose = () => {
      clearTimeout(this.stableTimer);
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.wanted) this.scheduleReconnect(!opened);
    };
  }

  private scheduleReconnect(handshakeFailed: boolean): void {
    this.setStatus(navigator.onLine ? "reconnecting" : "offline");
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      void this.retry(handshakeFailed);
    }, delay);
  }

  private async retry(handshakeFailed: boolean): Promise<void> {
    // A refused handshake is most often an expired access cookie: rotate it
    // once, then keep retrying with backoff until a connection opens again.
    if (handshakeFailed && !this.refreshedSinceOpen) {
      this.refreshedSinceOpen = true;
      if ((await refreshSession()) === "signed-out") return;
    }
    if (this.wanted && !this.socket) this.open();
  }

  private reconnectNow(): void {
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.open();
  }

  private dispatch(data: unknown): void {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (!isMessage(message)) return;
    for (const key of [message.type, "*"]) {
      this.handlers.get(key)?.forEach((handler) => {
        try {
          handler(message);
        } catch (error) {
          // One broken subscriber must not starve the others.
          console.error(error);
        }
      });
    }
  }
}

export const socket = new SocketClient();

export function useSocketStatus(): SocketStatus {
  return useSyncExternalStore(socket.onStatusChange, socket.getStatus);
}
