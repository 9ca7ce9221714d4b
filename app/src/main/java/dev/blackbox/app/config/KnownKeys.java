package dev.blackbox.app.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses a configuration key that the defaults do not document, with the key's path and the
 * nearest valid one: a misspelt {@code journal.dirr} must not silently leave the journal elsewhere.
 */
final class KnownKeys {

    private KnownKeys() {
    }

    /** Keys that existed once, and what to do about them now. */
    private static final Map<String, String> REMOVED = Map.of(
            "journal.strict", "no longer supported: a recorder always stops when its journal cannot be written"
                    + " (JOURNAL.md); remove the key");

    static void check(JsonObject defaults, JsonObject given) {
        List<String> known = paths(defaults, "");
        for (String path : paths(given, "")) {
            if (REMOVED.containsKey(path)) {
                throw new IllegalArgumentException("config key '" + path + "' is " + REMOVED.get(path));
            }
            if (!known.contains(path) && known.stream().noneMatch(k -> k.startsWith(path + ".") || path.startsWith(k + "."))) {
                String nearest = nearest(path, known);
                throw new IllegalArgumentException(path + ": unknown key" + (nearest == null ? "" : "; did you mean " + nearest + "?")
                        + " (config/blackbox.yaml lists every key)");
            }
        }
    }

    /** Every leaf key as a dotted path; a section's keys under it. */
    private static List<String> paths(JsonObject json, String prefix) {
        List<String> out = new ArrayList<>();
        for (String key : json.fieldNames()) {
            Object v = json.getValue(key);
            if (v instanceof JsonObject section && !section.isEmpty()) {
                out.addAll(paths(section, prefix + key + "."));
            } else {
                out.add(prefix + key);
            }
        }
        return out;
    }

    private static String nearest(String path, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(path, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(3, path.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
