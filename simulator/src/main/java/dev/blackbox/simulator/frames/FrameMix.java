package dev.blackbox.simulator.frames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A weighted choice of frame kinds, written {@code "stream_event:55,assistant:15,tool_result:10"}.
 * Kinds: {@code stream_event}, {@code assistant}, {@code tool_use}, {@code tool_result},
 * {@code tool_progress}, {@code task_progress}.
 */
public record FrameMix(List<Entry> entries, int totalWeight) {

    public record Entry(LoadFrames.Kind kind, int weight) {
    }

    public static FrameMix parse(String spec) {
        List<Entry> entries = new ArrayList<>();
        int total = 0;
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] kv = p.split(":", 2);
            LoadFrames.Kind kind = LoadFrames.Kind.named(kv[0].trim().toLowerCase(Locale.ROOT));
            int weight;
            try {
                weight = kv.length == 2 ? Integer.parseInt(kv[1].trim()) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mix weight for " + kv[0] + " must be a whole number, got " + kv[1]);
            }
            if (weight < 0) {
                throw new IllegalArgumentException("mix weight for " + kv[0] + " must be >= 0");
            }
            entries.add(new Entry(kind, weight));
            total += weight;
        }
        if (total == 0) {
            throw new IllegalArgumentException("mix \"" + spec + "\" has no kind with a weight above 0");
        }
        return new FrameMix(List.copyOf(entries), total);
    }

    public LoadFrames.Kind pick(SplittableRandom random) {
        int r = random.nextInt(totalWeight);
        for (Entry e : entries) {
            r -= e.weight();
            if (r < 0) {
                return e.kind();
            }
        }
        return entries.get(entries.size() - 1).kind();
    }
}
