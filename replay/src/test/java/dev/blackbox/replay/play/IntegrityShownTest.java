package dev.blackbox.replay.play;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.HashChain;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.replay.export.ExportFormat;
import dev.blackbox.replay.export.ExportJob;
import dev.blackbox.replay.export.ExportOptions;
import dev.blackbox.replay.scenario.RecordedScenarios;
import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.IntegrityLine;
import dev.blackbox.replay.transcript.TranscriptOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Integrity shown wherever content is shown: a scenario recorded for real, and copies of it with a flipped
 * byte or without its seal, rendered in every format through the verifier-first reader.
 */
class IntegrityShownTest {

    static final String SESSION = RecordedScenarios.CODING_TASK;

    @TempDir
    static Path recorded;

    @TempDir
    Path root;

    @BeforeAll
    static void record() {
        Vertx vertx = Vertx.vertx();
        try {
            RecordedScenarios.codingTask(vertx, recorded, SESSION);
        } finally {
            vertx.close().await();
        }
    }

    private Path copy() throws IOException {
        Path dir = root.resolve(SESSION);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(recorded.resolve(SESSION))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static Path cycleFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** Flips one byte of the first frame that contains {@code text}. */
    private static void flip(Path dir, String text) throws IOException {
        Path cq4 = cycleFile(dir);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(cq4.toFile(), "rw")) {
            byte[] head = new byte[(int) Math.min(raf.length(), 8 << 20)];
            raf.readFully(head);
            for (int i = 0; i + needle.length <= head.length; i++) {
                if (java.util.Arrays.equals(head, i, i + needle.length, needle, 0, needle.length)) {
                    raf.seek(i);
                    raf.write(head[i] ^ 0x20);
                    return;
                }
            }
        }
        throw new AssertionError(text + " not in " + cq4);
    }

    private String render(Format format, boolean allowTampered, JournalIntegrity integrity) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplayJob job = new ReplayJob(root, SESSION, format, TranscriptOptions.defaults().withIntegrity(integrity::line),
                null, null, null, null, false);
        try {
            job.run(integrity.open(allowTampered), out, ReplayJob.ProgressFactory.NONE, EntrySource.Waiter.BACKOFF, Player.Clock.SYSTEM);
        } catch (JournalException broken) {
            assertThat(integrity.failed()).as("only a broken chain ends a read early: " + broken.getMessage()).isTrue();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private JournalIntegrity verify() {
        return JournalIntegrity.verify(root, SESSION, JournalVerifier.Options.none());
    }

    @Test
    @DisplayName("A sealed, intact recording: the text transcript's first line says 'integrity verified', markdown under its title, json at its end")
    void verified() throws Exception {
        copy();
        JournalIntegrity integrity = verify();
        assertThat(integrity.line().level()).isEqualTo(IntegrityLine.Level.VERIFIED);
        assertThat(integrity.word()).isEqualTo("sealed");
        assertThat(render(Format.TEXT, false, integrity).lines().findFirst().orElseThrow())
                .startsWith("integrity verified: sealed, intact: ");
        assertThat(render(Format.MARKDOWN, false, integrity).lines().toList().get(2)).startsWith("> ✓ integrity verified: sealed, intact");
        JsonNode json = new ObjectMapper().readTree(render(Format.JSON, false, integrity));
        assertThat(json.at("/integrity/level").asText()).isEqualTo("verified");
        assertThat(json.at("/integrity/line").asText()).startsWith("integrity verified: sealed, intact");
        assertThat(render(Format.HTML, false, integrity)).contains("<div id=\"integrity\" class=\"verified\" role=\"status\" data-level=\"verified\">✓ integrity verified: sealed, intact");
    }

    @Test
    @DisplayName("A flipped byte: every format says 'integrity FAILED at seq N' and shows nothing from seq N on; --allow-tampered shows it all")
    void tampered() throws Exception {
        Path dir = copy();
        flip(dir, "Also document the flag");
        JournalIntegrity integrity = verify();
        long bad = integrity.result().firstBadSeq();
        assertThat(bad).isPositive();
        assertThat(integrity.failed()).isTrue();
        assertThat(integrity.word()).isEqualTo("tampered");
        assertThat(integrity.lastVouched()).isEqualTo(bad - 1);

        String text = render(Format.TEXT, false, integrity);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("integrity FAILED at seq " + bad + ": hash mismatch");
        assertThat(text).doesNotContain("Also document the flag").doesNotContain("Also Document the flag");
        String html = render(Format.HTML, false, integrity);
        assertThat(html).contains("<div id=\"integrity\" class=\"failed\" role=\"alert\" data-level=\"failed\">⚠ integrity FAILED at seq " + bad)
                .endsWith("</html>\n");
        assertThat(render(Format.MARKDOWN, false, integrity)).contains("> ⚠ **integrity FAILED at seq " + bad);

        JsonNode json = new ObjectMapper().readTree(render(Format.JSON, false, integrity));
        assertThat(json.at("/integrity/level").asText()).isEqualTo("failed");
        List<Long> seqs = new ArrayList<>();
        json.path("entries").forEach(e -> seqs.add(e.path("seq").asLong()));
        assertThat(seqs).isNotEmpty().allMatch(s -> s < bad);
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(bad - 1);

        JsonNode all = new ObjectMapper().readTree(render(Format.JSON, true, verify()));
        assertThat(all.path("entries").size()).isGreaterThan(seqs.size());
        assertThat(all.at("/integrity/level").asText()).isEqualTo("failed");
    }

    @Test
    @DisplayName("A recording whose seal is gone says 'integrity unsealed' first and shows everything")
    void unsealed() throws Exception {
        Path dir = copy();
        List<Long> excerpts = excerpts(cycleFile(dir));
        long last = excerpts.get(excerpts.size() - 2);
        try (RandomAccessFile raf = new RandomAccessFile(cycleFile(dir).toFile(), "rw")) {
            raf.seek(last);
            raf.write(new byte[(int) (excerpts.get(excerpts.size() - 1) - last)]);
        }
        JournalIntegrity integrity = verify();
        assertThat(integrity.line().level()).isEqualTo(IntegrityLine.Level.WARNING);
        assertThat(integrity.word()).isEqualTo("unsealed");
        String text = render(Format.TEXT, false, integrity);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("integrity unsealed: no seal and no recorder writing it");
        assertThat(text).contains("Also document the flag");
    }

    @Test
    @DisplayName("Entries appended after the verifier's walk are chain-checked as they are read: a forged one ends the read before it")
    void entriesAfterTheWalk() {
        HashChain chain = new HashChain();
        List<JournalEntry> good = new ArrayList<>();
        byte[] prev = HashChain.genesis("s");
        for (long seq = 1; seq <= 5; seq++) {
            byte[] payload = ("{\"type\":\"keep_alive\",\"n\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
            prev = chain.next(prev, seq, seq * 10, EntryKind.FRAME_RECEIVED.code(), payload);
            good.add(new JournalEntry(seq, seq * 10, EntryKind.FRAME_RECEIVED, payload, prev));
        }
        assertThat(drain(new CheckedEntries(listed(good), 3, 0, null, false))).hasSize(5);

        List<JournalEntry> forged = new ArrayList<>(good);
        JournalEntry four = good.get(3);
        forged.set(3, new JournalEntry(4, four.tsMicros(), four.kind(), "{\"type\":\"keep_alive\",\"n\":44}".getBytes(StandardCharsets.UTF_8),
                four.hash()));
        CheckedEntries checked = new CheckedEntries(listed(forged), 3, 0, null, false);
        List<JournalEntry> read = new ArrayList<>();
        assertThatThrownBy(() -> {
            for (JournalEntry e = checked.next(); e != null; e = checked.next()) {
                read.add(e);
            }
        }).isInstanceOf(JournalException.class).hasMessageContaining("broken at seq 4: hash mismatch");
        assertThat(read).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(checked.failedAt()).isEqualTo(4);

        CheckedEntries allowed = new CheckedEntries(listed(forged), 3, 0, null, true);
        assertThat(drain(allowed)).hasSize(5);
        assertThat(allowed.failedAt()).isEqualTo(4);

        CheckedEntries fromFour = new CheckedEntries(listed(forged), 3, 0, null, false);
        fromFour.seek(5);
        assertThatThrownBy(() -> drain(fromFour)).hasMessageContaining("broken at seq 4");
    }

    /** Five chained entries; {@code n4} is the fourth one's payload number (4 for the genuine run). */
    private static List<JournalEntry> chained(int n4) {
        HashChain chain = new HashChain();
        List<JournalEntry> out = new ArrayList<>();
        byte[] prev = HashChain.genesis("s");
        for (long seq = 1; seq <= 5; seq++) {
            byte[] payload = ("{\"type\":\"keep_alive\",\"n\":" + (seq == 4 ? n4 : seq) + "}").getBytes(StandardCharsets.UTF_8);
            prev = chain.next(prev, seq, seq * 10, EntryKind.FRAME_RECEIVED.code(), payload);
            out.add(new JournalEntry(seq, seq * 10, EntryKind.FRAME_RECEIVED, payload, prev));
        }
        return out;
    }

    @Test
    @DisplayName("What the queue reads is tied to the verifier's walk: a re-hashed copy, or a queue that ends early, is not passed as verified")
    void queueTiedToTheWalk() {
        List<JournalEntry> genuine = chained(4);
        String head = HashChain.hex(genuine.get(4).hash());
        assertThat(drain(new CheckedEntries(listed(genuine), 5, 0, null, false, head, true, false))).hasSize(5);

        // another, self-consistent chain (an edit re-hashed) where the index or the header led the queue
        CheckedEntries rehashed = new CheckedEntries(listed(chained(44)), 5, 0, null, false, head, true, false);
        assertThatThrownBy(() -> drain(rehashed)).isInstanceOf(JournalException.class)
                .hasMessageContaining("broken at seq 5: the queue reads another entry 5 than the journal's files hold");

        // the first three only, where the metadata hid the last day from the queue
        CheckedEntries cut = new CheckedEntries(listed(genuine.subList(0, 3)), 5, 0, null, false, head, true, false);
        assertThatThrownBy(() -> drain(cut)).isInstanceOf(JournalException.class)
                .hasMessageContaining("broken at seq 4: the queue ends after seq 3, but the journal's files hold 5 verified entries");
        CheckedEntries cutAllowed = new CheckedEntries(listed(genuine.subList(0, 3)), 5, 0, null, true, head, true, false);
        assertThat(drain(cutAllowed)).hasSize(3);
        assertThat(cutAllowed.failedAt()).isEqualTo(4);

        // a reader that looked at the first entry before it seeks (the transcript's start time) reads again from 1
        CheckedEntries peeked = new CheckedEntries(listed(genuine), 5, 0, null, false, head, true, false);
        assertThat(peeked.next().seq()).isEqualTo(1);
        peeked.seek(3);
        assertThat(drain(peeked)).extracting(JournalEntry::seq).containsExactly(3L, 4L, 5L);

        // entries the queue gives after the verified ones of a journal that is not live: chained on, still refused
        String head3 = HashChain.hex(genuine.get(2).hash());
        CheckedEntries more = new CheckedEntries(listed(genuine), 3, 0, null, false, head3, true, false);
        List<JournalEntry> shown = new ArrayList<>();
        assertThatThrownBy(() -> {
            for (JournalEntry e = more.next(); e != null; e = more.next()) {
                shown.add(e);
            }
        }).isInstanceOf(JournalException.class).hasMessageContaining("broken at seq 4: the queue reads entries after seq 3");
        assertThat(shown).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
        // ... unless the verifier found a torn write there: the read ends quietly
        assertThat(drain(new CheckedEntries(listed(genuine), 3, 0, null, false, head3, true, true))).hasSize(3);

        // a live journal may be read to where the queue is: no count to reach
        assertThat(drain(new CheckedEntries(listed(genuine.subList(0, 3)), 5, 0, null, false, head, false, false))).hasSize(3);
    }

    @Test
    @DisplayName("Exports carry the verdict: asciicast's first output line, claude-jsonl's first system line, the OTLP session span")
    void exports() throws Exception {
        Path dir = copy();
        flip(dir, "Also document the flag");
        String cast = export(ExportFormat.ASCIICAST);
        assertThat(cast.lines().toList().get(1)).contains("integrity FAILED at seq");
        JsonNode first = new ObjectMapper().readTree(export(ExportFormat.CLAUDE_JSONL).lines().findFirst().orElseThrow());
        assertThat(first.path("type").asText()).isEqualTo("system");
        assertThat(first.path("subtype").asText()).isEqualTo("blackbox_integrity");
        assertThat(first.path("level").asText()).isEqualTo("error");
        assertThat(first.path("content").asText()).startsWith("integrity FAILED at seq");
        assertThat(export(ExportFormat.OTLP_JSON)).contains("\"key\":\"blackbox.journal.integrity\",\"value\":{\"stringValue\":\"failed\"}");
    }

    private String export(ExportFormat format) throws Exception {
        JournalIntegrity integrity = verify();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ExportJob(root, SESSION, format, ExportOptions.defaults().withIntegrity(integrity::line))
                    .run(integrity.open(false), out, ReplayJob.ProgressFactory.NONE);
        } catch (JournalException broken) {
            assertThat(integrity.failed()).isTrue();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    @DisplayName("A transcript given no integrity line shows none (the formats work as before for callers that verify nothing)")
    void noLine(Format format) throws Exception {
        copy();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReplayJob(root, SESSION, format, TranscriptOptions.defaults(), null, null, null, null, false)
                .run(out, ReplayJob.ProgressFactory.NONE, EntrySource.Waiter.BACKOFF, Player.Clock.SYSTEM);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("integrity verified").doesNotContain("id=\"integrity\"")
                .doesNotContain("\"integrity\":");
    }

    private static List<JournalEntry> drain(Entries entries) {
        List<JournalEntry> out = new ArrayList<>();
        for (JournalEntry e = entries.next(); e != null; e = entries.next()) {
            out.add(e);
        }
        return out;
    }

    /** Entries from a list, as a journal would hand them out (seek positions at the first seq at or after). */
    private static Entries listed(List<JournalEntry> all) {
        return new Entries() {
            int at;

            @Override
            public String sessionId() {
                return "s";
            }

            @Override
            public JournalEntry next() {
                return at < all.size() ? all.get(at++) : null;
            }

            @Override
            public long lastSeq() {
                return all.size();
            }

            @Override
            public void seek(long fromSeq) {
                at = (int) Math.max(0, fromSeq - 1);
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<Long> excerpts(Path cq4) throws IOException {
        List<Long> out = new ArrayList<>();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(cq4)) {
            java.nio.ByteBuffer w = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (long pos = 0; ; ) {
                w.clear();
                ch.read(w, pos);
                int word = w.getInt(0);
                out.add(pos);
                if (word == 0) {
                    return out;
                }
                pos = (pos + 4 + (word & 0x3fffffff) + 3) & ~3L;
            }
        }
    }
}
