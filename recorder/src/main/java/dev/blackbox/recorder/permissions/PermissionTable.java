package dev.blackbox.recorder.permissions;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permission lifecycle of one session, pure: requested -> decided | cancelled. The first valid
 * decision wins; later ones are refused with the reason. A request id seen again (the server
 * replaying pending requests after a reconnect) is not a new request. Single-threaded.
 */
public final class PermissionTable {

    public enum Refusal {
        UNKNOWN(404, "unknown"), ALREADY_DECIDED(409, "already decided"), CANCELLED(409, "cancelled"),
        INVALID(400, "invalid"), VIEWER_ONLY(409, "viewer-only");

        public final int code;
        public final String why;

        Refusal(int code, String why) {
            this.code = code;
            this.why = why;
        }
    }

    /** The result of {@link #decide}: the request it settles, or why it is refused. */
    public record Outcome(PermissionRequest request, Refusal refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    private enum Ended { DECIDED, CANCELLED }

    private static final int REMEMBERED_ENDED = 10_000;

    private final Map<String, PermissionRequest> pending = new LinkedHashMap<>();
    private final Map<String, Ended> ended = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ended> eldest) {
            return size() > REMEMBERED_ENDED;
        }
    };

    /** Records a request; false when this id is already pending or already ended (a replay). */
    public boolean requested(PermissionRequest request) {
        String id = request.requestId();
        if (pending.containsKey(id) || ended.containsKey(id)) {
            return false;
        }
        pending.put(id, request);
        return true;
    }

    /** Settles a pending request; first decision wins. */
    public Outcome decide(String requestId) {
        PermissionRequest request = pending.remove(requestId);
        if (request != null) {
            ended.put(requestId, Ended.DECIDED);
            return new Outcome(request, null);
        }
        Ended how = ended.get(requestId);
        if (how == null) {
            return new Outcome(null, Refusal.UNKNOWN);
        }
        return new Outcome(null, how == Ended.DECIDED ? Refusal.ALREADY_DECIDED : Refusal.CANCELLED);
    }

    /** The session withdrew a request; returns it if it was pending (null otherwise). */
    public PermissionRequest cancelled(String requestId) {
        PermissionRequest request = pending.remove(requestId);
        if (request != null || !ended.containsKey(requestId)) {
            ended.put(requestId, Ended.CANCELLED);
        }
        return request;
    }


    public Collection<PermissionRequest> pending() {
        return List.copyOf(pending.values());
    }

    public int pendingCount() {
        return pending.size();
    }

}
