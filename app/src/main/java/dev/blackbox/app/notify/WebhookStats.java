package dev.blackbox.app.notify;

/** What happened to one webhook's notifications so far: delivered, retries made, given up (failed), dropped from a full queue. */
public record WebhookStats(String url, long delivered, long retried, long failed, long dropped) {
}
