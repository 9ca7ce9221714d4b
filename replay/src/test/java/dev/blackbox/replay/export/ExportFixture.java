package dev.blackbox.replay.export;

import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.fixture.Sessions;
import dev.blackbox.replay.play.ReplayJob;
import dev.blackbox.replay.scenario.RecordedScenarios;
import io.vertx.core.Vertx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The journals the export tests read, made once per test JVM: the shipped scenarios recorded for real
 * ({@link RecordedScenarios}) and the fixture sessions written from the real worker samples
 * ({@link Sessions}: allow, interrupt while pending, and "rough" with a reconnect, replays, a refused
 * decision, a timeout, a policy deny and malformed frames).
 */
final class ExportFixture {

    private static Path root;

    private ExportFixture() {
    }

    static synchronized Path root() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("blackbox-export-test-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Path journal = dir.resolve("journal");
                Vertx vertx = Vertx.vertx();
                try {
                    RecordedScenarios.recordAll(vertx, journal);
                } finally {
                    vertx.close().await();
                }
                for (Sessions s : Sessions.ALL) {
                    s.write(journal);
                }
                root = journal;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** Every session the tests run against: recorded scenarios first, then the fixture sessions. */
    static List<String> sessions() {
        List<String> ids = new ArrayList<>(RecordedScenarios.ALL);
        Sessions.ALL.forEach(s -> ids.add(s.sessionId()));
        return ids;
    }

    static byte[] export(String sessionId, ExportFormat format, ExportOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ExportJob(root(), sessionId, format, options).run(out, ReplayJob.ProgressFactory.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static List<JournalEntry> entries(String sessionId) {
        List<JournalEntry> all = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root(), sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                all.add(e);
            }
        }
        return all;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
