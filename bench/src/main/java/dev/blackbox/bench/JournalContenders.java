package dev.blackbox.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.journal.SigningKeys;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The contenders of the journal benchmark: the Blackbox journal, raw Chronicle Queue appends of the
 * same bytes, a Jackson JSON-lines file, and (to explain where the journal's time goes) a prototype
 * of the journal's envelope without the SHA-256 chain.
 */
final class JournalContenders {

    static final String SESSION_ID = "bench";

    /** Same queue settings as the journal's JournalFiles: FAST_DAILY cycles, 128 MiB blocks. */
    static final long BLOCK_SIZE = 128L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Written by readers so the JIT cannot drop the copies they make (racy on purpose: one reader at a time). */
    static long sink;

    private JournalContenders() {
    }

    static List<JournalContender> all() {
        List<JournalContender> all = new java.util.ArrayList<>(List.of(new RawChronicle(), new BlackboxJournal(BlackboxJournal.Mode.DEFAULT),
                new BlackboxJournal(BlackboxJournal.Mode.NO_SPACE_CHECK), new BlackboxJournal(BlackboxJournal.Mode.SIGNED),
                new BlackboxJournal(BlackboxJournal.Mode.DURABLE),
                new JournalWithoutHash(), new JsonLines(false), new JsonLines(true), new MeteredJournal(),
                new JournalPretouchPrototype(false), new JournalPretouchPrototype(true)));
        all.addAll(JournalLayoutPrototype.all());
        return all;
    }

    static Map<String, JournalContender> byName() {
        return all().stream().collect(Collectors.toMap(JournalContender::name, Function.identity(),
                (a, b) -> a, LinkedHashMap::new));
    }

    private static void expectSeq(long seq, long expected) {
        if (seq != expected) {
            throw new IllegalStateException("read seq " + seq + " where " + expected + " was expected");
        }
    }

    static SingleChronicleQueue openQueue(Path dir) {
        return SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).blockSize(BLOCK_SIZE).build();
    }

    /**
     * The system under test: {@code SessionJournal.append(kind, bytes)}, read back with {@code JournalReader.next()}
     * (the journal's own CHECKPOINT entries are read and skipped: the benchmark counts frames). Three settings:
     * as shipped (the free-space check on, no key), without the free-space check, with signed checkpoints
     * every 1000 entries or 10 s and a witness file, and with checkpoint durability (the journal msynced at
     * each checkpoint).
     */
    static final class BlackboxJournal implements JournalContender {

        enum Mode { DEFAULT, NO_SPACE_CHECK, SIGNED, DURABLE }

        private final Mode mode;

        BlackboxJournal(Mode mode) {
            this.mode = mode;
        }

        @Override
        public String name() {
            return switch (mode) {
                case DEFAULT -> "journal";
                case NO_SPACE_CHECK -> "journal-nospacecheck";
                case SIGNED -> "journal-signed";
                case DURABLE -> "journal-durable";
            };
        }

        @Override
        public String label() {
            return switch (mode) {
                case DEFAULT -> "Blackbox journal";
                case NO_SPACE_CHECK -> "journal, no free-space check";
                case SIGNED -> "journal, signed checkpoints";
                case DURABLE -> "journal, durability checkpoint";
            };
        }

        private JournalOptions options(Path dir) throws IOException {
            JournalOptions defaults = JournalOptions.defaults();
            return switch (mode) {
                case DEFAULT -> defaults;
                case NO_SPACE_CHECK -> defaults.withMinFreeBytes(0);
                case SIGNED -> {
                    // keys and witness beside the journal root, never inside it
                    Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-keys"));
                    Path key = outside.resolve("journal.key");
                    if (!Files.exists(key)) {
                        SigningKeys.write(SigningKeys.generate(), key, outside.resolve("journal.pub"));
                    }
                    yield defaults.withSigningKey(key).withWitness(outside.resolve("witness.jsonl"));
                }
                // msync (MS_SYNC) of the journal at every checkpoint (1000 entries or 10 s), unsigned, no witness
                case DURABLE -> defaults.withDurability(JournalOptions.Durability.CHECKPOINT);
            };
        }

        @Override
        public Writer openWriter(Path dir) throws IOException {
            SessionJournal journal = SessionJournal.open(dir, SESSION_ID, options(dir));
            return new Writer() {
                @Override
                public void append(FrameCorpus.Frame frame) {
                    journal.append(frame.kind(), frame.bytes());
                }

                @Override
                public void close() {
                    journal.close();
                }
            };
        }

        @Override
        public Reader openReader(Path dir) {
            JournalReader reader = JournalReader.open(dir, SESSION_ID);
            return new Reader() {
                private long expectedSeq = 1;

                @Override
                public boolean next() {
                    while (true) {
                        JournalEntry entry = reader.next();
                        if (entry == null) {
                            return false;
                        }
                        expectSeq(entry.seq(), expectedSeq++);
                        if (entry.kind() != EntryKind.CHECKPOINT) {
                            return true;
                        }
                    }
                }

                @Override
                public void close() {
                    reader.close();
                }
            };
        }
    }

    /** The floor: each frame as one Chronicle document of exactly its bytes; no header, no hash, no clock. */
    static final class RawChronicle implements JournalContender {

        @Override
        public String name() {
            return "raw";
        }

        @Override
        public String label() {
            return "raw Chronicle Queue";
        }

        @Override
        public Writer openWriter(Path dir) {
            SingleChronicleQueue queue = openQueue(dir);
            ExcerptAppender appender = queue.createAppender();
            return new Writer() {
                @Override
                public void append(FrameCorpus.Frame frame) {
                    try (DocumentContext dc = appender.writingDocument()) {
                        dc.wire().bytes().write(frame.bytes());
                    }
                }

                @Override
                public void close() {
                    appender.close();
                    queue.close();
                }
            };
        }

        @Override
        public Reader openReader(Path dir) {
            SingleChronicleQueue queue = openQueue(dir);
            ExcerptTailer tailer = queue.createTailer();
            return new Reader() {
                @Override
                public boolean next() {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        if (!dc.isPresent()) {
                            return false;
                        }
                        // copy the payload out, as JournalReader does, so both readers do the same work
                        Bytes<?> bytes = dc.wire().bytes();
                        byte[] payload = new byte[(int) bytes.readRemaining()];
                        bytes.read(payload);
                        sink += payload[payload.length - 1];
                        return true;
                    }
                }

                @Override
                public void close() {
                    tailer.close();
                    queue.close();
                }
            };
        }
    }

    /**
     * A prototype copy of {@code SessionJournal.append} with the same entry layout (JOURNAL.md) and
     * clock, but a constant hash instead of the SHA-256 chain: what the envelope alone costs.
     */
    static final class JournalWithoutHash implements JournalContender {

        private static final byte[] NO_HASH = new byte[32];

        @Override
        public String name() {
            return "journal-nohash";
        }

        @Override
        public String label() {
            return "(prototype) journal w/o SHA-256";
        }

        @Override
        public Writer openWriter(Path dir) {
            SingleChronicleQueue queue = openQueue(dir);
            ExcerptAppender appender = queue.createAppender();
            return new Writer() {
                private long seq;

                @Override
                public void append(FrameCorpus.Frame frame) {
                    long ts = SystemTimeProvider.CLOCK.currentTimeMicros();
                    byte[] payload = frame.bytes();
                    try (DocumentContext dc = appender.writingDocument()) {
                        PrototypeEntry.write(dc.wire().bytes(), ++seq, ts, frame.kind().code(), payload, NO_HASH);
                    }
                }

                @Override
                public void close() {
                    appender.close();
                    queue.close();
                }
            };
        }

        @Override
        public Reader openReader(Path dir) {
            return new RawChronicle().openReader(dir);
        }
    }

    /**
     * The baseline a user might otherwise pick: one JSON line per frame through a buffered Jackson
     * generator, {@code {"seq":n,"ts":micros,"kind":"FRAME_RECEIVED","frame":<the frame>}}.
     * By default the frame goes in as a raw JSON value (no parsing: the frame bytes are trusted to be
     * one line of JSON); {@code jsonl-tree} parses each frame to a JsonNode and writes the tree, as a
     * user who wants to be sure each line is valid JSON would. Reading parses every line into a JsonNode.
     */
    static final class JsonLines implements JournalContender {

        private static final String FILE = "frames.jsonl";
        private final boolean parseEachFrame;

        JsonLines(boolean parseEachFrame) {
            this.parseEachFrame = parseEachFrame;
        }

        @Override
        public String name() {
            return parseEachFrame ? "jsonl-tree" : "jsonl";
        }

        @Override
        public String label() {
            return parseEachFrame ? "Jackson JSON-lines (tree)" : "Jackson JSON-lines";
        }

        @Override
        public Writer openWriter(Path dir) throws IOException {
            JsonGenerator generator = JSON.getFactory().createGenerator(
                    new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE)), 64 * 1024));
            return new Writer() {
                private long seq;

                @Override
                public void append(FrameCorpus.Frame frame) throws IOException {
                    generator.writeStartObject();
                    generator.writeNumberField("seq", ++seq);
                    generator.writeNumberField("ts", SystemTimeProvider.CLOCK.currentTimeMicros());
                    generator.writeStringField("kind", frame.kind().name());
                    generator.writeFieldName("frame");
                    if (parseEachFrame) {
                        generator.writeTree(JSON.readTree(frame.bytes()));
                    } else {
                        generator.writeRawValue(new String(frame.bytes(), StandardCharsets.UTF_8));
                    }
                    generator.writeEndObject();
                    generator.writeRaw('\n');
                }

                @Override
                public void flush() throws IOException {
                    generator.flush();
                }

                @Override
                public void close() throws IOException {
                    generator.close();
                }
            };
        }

        @Override
        public Reader openReader(Path dir) throws IOException {
            MappingIterator<JsonNode> lines = JSON.readerFor(JsonNode.class).readValues(dir.resolve(FILE).toFile());
            return new Reader() {
                private long expectedSeq = 1;

                @Override
                public boolean next() throws IOException {
                    if (!lines.hasNextValue()) {
                        return false;
                    }
                    expectSeq(lines.nextValue().path("seq").asLong(), expectedSeq++);
                    return true;
                }

                @Override
                public void close() throws IOException {
                    lines.close();
                }
            };
        }
    }
}
