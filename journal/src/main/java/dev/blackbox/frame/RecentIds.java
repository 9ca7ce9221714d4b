package dev.blackbox.frame;

import java.util.Arrays;

/**
 * The last {@code capacity} ids seen, as 64-bit hashes (see {@link Hash64}), with O(1) "seen before?".
 * Bounded memory (about 24 bytes per id, allocated as the window fills) however long the session: servers replay recent messages
 * after a reconnect, so a window of the most recent ids is what duplicate detection needs. A window at
 * least as large as the session makes it exact.
 */
public final class RecentIds {

    private final int capacity;
    private long[] ring = new long[1024];
    private final LongSet set = new LongSet(1024);
    private int next;
    private long size;

    public RecentIds(int capacity) {
        this.capacity = capacity;
    }

    /** True when the id is among the recent ones (without adding it). */
    public boolean contains(long id) {
        return id != 0 && set.contains(id);
    }

    /** Adds the id; true when it was already among the recent ones. 0 (no id) is never a duplicate. */
    public boolean seen(long id) {
        if (id == 0) {
            return false;
        }
        if (set.contains(id)) {
            return true;
        }
        if (size >= capacity) {
            set.remove(ring[next]);
        } else if (next == ring.length) {
            ring = Arrays.copyOf(ring, Math.min(capacity, ring.length * 2));
        }
        ring[next] = id;
        next = (next + 1) % capacity;
        size++;
        set.add(id);
        return false;
    }
}
