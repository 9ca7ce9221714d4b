package dev.blackbox.simulator.session;

import dev.blackbox.simulator.observe.SessionLog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The session's event log as {@code GET /v1/sessions/{id}/events} pages it: every JSON frame the
 * simulated worker emitted (keep-alives excepted) and every POSTed user event, in order. An
 * event's id is its {@code uuid}; frames without one (control frames) get a fresh id that is not
 * written into the frame.
 */
final class EventHistory {

    private record Event(String id, String text) {
    }

    /** One page: the events' JSON texts in chronological order. */
    record Page(List<String> texts, boolean hasMore, String firstId, String lastId) {

        String toJson() {
            StringBuilder sb = new StringBuilder(64 + texts.stream().mapToInt(String::length).sum());
            sb.append("{\"data\":[");
            for (int i = 0; i < texts.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(texts.get(i));
            }
            sb.append("],\"has_more\":").append(hasMore)
                    .append(",\"first_id\":").append(quoted(firstId))
                    .append(",\"last_id\":").append(quoted(lastId)).append('}');
            return sb.toString();
        }

        private static String quoted(String id) {
            return id == null ? "null" : "\"" + id + "\"";
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final SessionLog log;

    EventHistory(SessionLog log) {
        this.log = log;
    }

    void add(String id, String text) {
        if (positions.putIfAbsent(id, events.size()) == null) {
            events.add(new Event(id, text));
            log.historyEvent(text);
        }
    }

    int size() {
        return events.size();
    }

    /**
     * @param beforeId the page just older than this event (newest first, shown oldest first)
     * @param afterId  the page just newer than this event
     * @throws IllegalArgumentException for a cursor that names no event
     */
    Page page(int limit, boolean anchorToLatest, String beforeId, String afterId) {
        int from;
        int to;
        boolean hasMore;
        if (beforeId != null) {
            to = position(beforeId, "before_id");
            from = Math.max(0, to - limit);
            hasMore = from > 0;
        } else if (afterId != null) {
            from = position(afterId, "after_id") + 1;
            to = Math.min(events.size(), from + limit);
            hasMore = to < events.size();
        } else if (anchorToLatest) {
            to = events.size();
            from = Math.max(0, to - limit);
            hasMore = from > 0;
        } else {
            from = 0;
            to = Math.min(events.size(), limit);
            hasMore = to < events.size();
        }
        List<Event> slice = events.subList(from, to);
        return new Page(slice.stream().map(Event::text).toList(), hasMore,
                slice.isEmpty() ? null : slice.get(0).id(), slice.isEmpty() ? null : slice.get(slice.size() - 1).id());
    }

    private int position(String id, String parameter) {
        Integer p = positions.get(id);
        if (p == null) {
            throw new IllegalArgumentException(parameter + " " + id + " is not an event of this session");
        }
        return p;
    }
}
