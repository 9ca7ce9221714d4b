package dev.blackbox.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What an attacker with write access and this source code can do: rewrite a journal's entries and
 * recompute every hash, including the head hashes checkpoints name. Signatures it cannot recompute; it
 * keeps them as they were (or drops them).
 */
final class Forger {

    /** An entry as the forger edits it. */
    record Raw(long ts, EntryKind kind, byte[] payload) {
    }

    private Forger() {
    }

    static List<Raw> read(Path root, String sessionId) {
        return RecordedEntries.all(root, sessionId).stream().map(e -> new Raw(e.tsMicros(), e.kind(), e.payload())).toList();
    }

    /** Replaces the journal of {@code sessionId} under {@code root} with the edited entries, consistently re-hashed. */
    static void rewrite(Path root, String sessionId, UnaryOperator<List<Raw>> edit) throws IOException {
        List<Raw> entries = edit.apply(new ArrayList<>(read(root, sessionId)));
        Path dir = root.resolve(sessionId);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".cq4") || p.toString().endsWith(".cq4t")).toList()) {
                Files.delete(p);
            }
        }
        long[] now = {entries.get(0).ts()};
        TimeProvider clock = new TimeProvider() {
            public long currentTimeMillis() {
                return now[0] / 1000;
            }

            public long currentTimeMicros() {
                return now[0];
            }

            public long currentTimeNanos() {
                return now[0] * 1000;
            }
        };
        HashChain chain = new HashChain();
        byte[] prev = HashChain.genesis(sessionId);
        String run = null;
        try (SingleChronicleQueue q = JournalFiles.openQueue(dir, clock, JournalOptions.Durability.PAGE_CACHE); ExcerptAppender appender = q.createAppender()) {
            long seq = 0;
            for (Raw e : entries) {
                seq++;
                byte[] payload = e.payload();
                if (e.kind() == EntryKind.CHECKPOINT) {
                    JournalRecord.Checkpoint cp = JournalRecord.Codec.decode(payload, JournalRecord.Checkpoint.class);
                    payload = JournalRecord.Codec.encode(new JournalRecord.Checkpoint(sessionId, run, seq - 1,
                            HashChain.hex(prev), cp.ts(), cp.keyId(), cp.sig(), cp.seal()));
                }
                byte[] hash = chain.next(prev, seq, e.ts(), e.kind(), payload, 0, payload.length);
                now[0] = e.ts();
                try (DocumentContext dc = appender.writingDocument()) {
                    EntryCodec.write(dc.wire().bytes(), seq, e.ts(), e.kind(), payload, 0, payload.length, hash);
                }
                if (seq == 1) {
                    run = HashChain.hex(hash);
                }
                prev = hash;
            }
        }
    }
}
