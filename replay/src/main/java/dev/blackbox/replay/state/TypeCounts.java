package dev.blackbox.replay.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Frame counts per type and per type/subtype, without building a "type/subtype" string per frame. */
final class TypeCounts {

    private static final class Counter {
        long total;
        final Map<String, long[]> bySubtype = new HashMap<>();
    }

    private final Map<String, Counter> byType = new HashMap<>();
    private long total;

    void add(String type, String subtype) {
        total++;
        Counter c = byType.computeIfAbsent(type, t -> new Counter());
        c.total++;
        if (subtype != null) {
            c.bySubtype.computeIfAbsent(subtype, s -> new long[1])[0]++;
        }
    }

    long total() {
        return total;
    }

    long of(String type) {
        Counter c = byType.get(type);
        return c == null ? 0 : c.total;
    }

    /** {"assistant": 3, "system": 2, "system/init": 2, ...} sorted by name. */
    ObjectNode toJson() {
        Map<String, Long> flat = new TreeMap<>();
        byType.forEach((type, c) -> {
            flat.put(type, c.total);
            c.bySubtype.forEach((sub, n) -> flat.put(type + "/" + sub, n[0]));
        });
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        flat.forEach(out::put);
        return out;
    }
}
