package dev.blackbox.recorder.session;

import java.util.Arrays;

/**
 * The uuids of the user messages we POSTed, bounded (50, as upstream): an inbound {@code user}
 * frame with one of them is our own message echoed back (possibly several times), not new input.
 */
final class EchoRing {

    private final String[] ring;
    private int next;

    EchoRing(int capacity) {
        ring = new String[capacity];
    }

    void add(String uuid) {
        ring[next] = uuid;
        next = (next + 1) % ring.length;
    }

    boolean isEmpty() {
        return ring[0] == null;
    }

    boolean contains(String uuid) {
        return uuid != null && Arrays.asList(ring).contains(uuid);
    }
}
