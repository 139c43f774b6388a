// Owns this process's memory of the Slack deliveries it has already answered, so a copy is refused before any work.
import { signatureWindowSeconds } from './receiver.ts';

// What makes a delivery unique: an event's event_id, an interaction's trigger_id (one per click, command or
// submission). The same keys as the durable check in bolt-app.ts, which stays the authority across processes.
export function deliveryKeyOf(body: Record<string, unknown>): string | null {
  if (body.type === 'event_callback' && typeof body.event_id === 'string') return `event:${body.event_id}`;
  const interaction =
    typeof body.command === 'string' || body.type === 'block_actions' || body.type === 'view_submission';
  if (interaction && typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return null;
}

// A signed copy older than the signature window is refused by the signature check, so ids are kept for twice that
// window (the platform's clock and ours may disagree); the cap bounds memory under a flood of distinct ids. Forgetting
// early is safe: the durable check (inbound_events) still refuses the copy, only a little later.
export class RecentDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly nowMs: () => number,
    private readonly keepMs = 2 * signatureWindowSeconds * 1_000,
    private readonly cap = 100_000,
  ) {}

  // True the first time this process sees the key within the window; false for a copy.
  first(key: string): boolean {
    const now = this.nowMs();
    // Insertion order is arrival order, so the expired ones are at the front.
    for (const [oldest, at] of this.seen) {
      if (now - at <= this.keepMs && this.seen.size < this.cap) break;
      this.seen.delete(oldest);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }
}
