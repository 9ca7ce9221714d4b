package dev.blackbox.bench.ingest;

import java.time.Instant;

/**
 * Wall-clock time in microseconds since the epoch, the unit of the journal's timestamps, so that times
 * taken by the source, the clients and the recorder's journal (three processes) can be compared.
 */
final class EpochMicros {

    private EpochMicros() {
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
