package dev.blackbox.permission;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permission lifecycle of one session, pure (no I/O, no Vert.x): a {@code can_use_tool} request is
 * requested, then ends exactly once, decided (allow, deny, timeout) or cancelled by the session. The
 * recorder's pending table, the state fold and the transcript all run their journal through this one
 * class, so they cannot disagree on what is pending, what is a repeat and what a late answer is.
 *
 * <p>In the decide/evolve shape: {@link #refusal} is the decision rule (may this request be decided
 * now? first valid answer wins), {@link #when} applies what happened. The recorder asks
 * {@code refusal} first, journals the decision, and only then applies it, so the table never runs
 * ahead of the journal.
 *
 * <p>A request id seen again (the service replays pending requests after a reconnect) is not a new
 * request. Ended ids are remembered for the last {@value #REMEMBERED_ENDED} requests, which bounds
 * memory however long the session. Not thread-safe.
 *
 * @param <R> what a caller keeps about a pending request (the recorder: the full request; readers: a summary)
 */
public final class PermissionLifecycle<R> {

    static final int REMEMBERED_ENDED = 65_536;

    /** What happened to a permission request. */
    public sealed interface Event {
        String requestId();
    }

    /** A {@code can_use_tool} control request arrived. */
    public record Requested(String requestId) implements Event {
    }

    /** A decision was journaled (allow, deny or timeout). */
    public record Decided(String requestId) implements Event {
    }

    /** The session withdrew the request ({@code control_cancel_request}). */
    public record Cancelled(String requestId) implements Event {
    }

    /** How applying an event changed the lifecycle. */
    public enum Change {
        /** A new pending request. */
        OPENED,
        /** A request id seen before, still pending or already ended: not a new prompt. */
        REPEATED,
        /** A pending request ended (decided or cancelled). */
        ENDED,
        /** An end for a request that was not pending (unknown, or already ended): nothing changes. */
        IGNORED
    }

    /** What {@link #when} did, and the request it concerns when one was pending. */
    public record Applied<R>(Change change, R request) {
    }

    private enum Ended { DECIDED, CANCELLED }

    private final Map<String, R> pending = new LinkedHashMap<>();
    private final Map<String, Ended> ended = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ended> eldest) {
            return size() > REMEMBERED_ENDED;
        }
    };

    /**
     * Why a decision for {@code requestId} must be refused now, or null when it may be decided: first
     * valid answer wins, a cancelled request is never answered, an unknown one cannot be.
     */
    public Refusal refusal(String requestId) {
        if (pending.containsKey(requestId)) {
            return null;
        }
        Ended how = ended.get(requestId);
        if (how == null) {
            return Refusal.UNKNOWN;
        }
        return how == Ended.DECIDED ? Refusal.ALREADY_DECIDED : Refusal.CANCELLED;
    }

    /** Applies a request; {@code request} is what to keep while it is pending. */
    public Applied<R> when(Requested event, R request) {
        String id = event.requestId();
        if (pending.containsKey(id) || ended.containsKey(id)) {
            return new Applied<>(Change.REPEATED, pending.get(id));
        }
        pending.put(id, request);
        return new Applied<>(Change.OPENED, request);
    }

    /** Applies a decision or a cancellation. */
    public Applied<R> when(Event event) {
        if (event instanceof Requested) {
            throw new IllegalArgumentException("a request needs what to keep: when(Requested, request)");
        }
        String id = event.requestId();
        R request = pending.remove(id);
        Ended how = event instanceof Decided ? Ended.DECIDED : Ended.CANCELLED;
        if (request == null) {
            // a decision the journal shows without its request (a journal cut before it): remember it anyway
            ended.putIfAbsent(id, how);
            return new Applied<>(Change.IGNORED, null);
        }
        ended.put(id, how);
        return new Applied<>(Change.ENDED, request);
    }

    public boolean isPending(String requestId) {
        return pending.containsKey(requestId);
    }

    public R pendingRequest(String requestId) {
        return pending.get(requestId);
    }

    /** The pending requests, oldest first (a copy). */
    public Collection<R> pending() {
        return List.copyOf(pending.values());
    }

    public int pendingCount() {
        return pending.size();
    }
}
