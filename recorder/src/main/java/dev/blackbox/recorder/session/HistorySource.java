package dev.blackbox.recorder.session;

import io.vertx.core.Future;

import java.util.List;

/**
 * A session's event history, where the transport has one (the sessions service's
 * {@code GET /v1/sessions/{id}/events}, PROTOCOL.md 6.7): pages of events in chronological order,
 * each event's bytes exactly as the history returned them. What a backfill reads to find the frames a
 * connection never delivered.
 */
public interface HistorySource {

    /** One page: event texts oldest first, whether there are more in the direction asked, the ids at either end. */
    record Page(List<byte[]> events, boolean hasMore, String firstId, String lastId) {
    }

    /** The cursor names no event of the session (the history answered 400). */
    final class UnknownCursor extends RuntimeException {
        public UnknownCursor(String message) {
            super(message, null, false, false);
        }
    }

    /** The events just newer than {@code afterId}; {@code hasMore}: newer ones exist. */
    Future<Page> after(String afterId, int limit);

    /** The events just older than {@code beforeId}, or the newest ones when it is null; {@code hasMore}: older ones exist. */
    Future<Page> before(String beforeId, int limit);
}
