// What every marketplace (prompts, workflows) shares about reports: the reasons and a queued report.
export const REPORT_REASONS = ["spam", "inappropriate", "copyright", "misleading", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const MAX_REPORT_DETAILS = 1_000;

/** A report in the moderators' queue, whatever the marketplace (the feature maps its own item to it). */
export interface QueuedReport {
  itemId: string;
  title: string;
  reporterId: string;
  reason: ReportReason;
  details: string;
  createdAt: string;
}

export interface ReportQueuePage {
  items: QueuedReport[];
  next_cursor?: string | null;
}
