package dev.blackbox.replay.transcript;

import dev.blackbox.replay.play.EntrySource;
import dev.blackbox.replay.play.Player;
import dev.blackbox.replay.play.Progress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden transcripts: render a journal, normalise what differs from run to run (time offsets, instants,
 * durations), compare with {@code src/test/resources/golden/NAME}. Run the tests with
 * {@code -Dblackbox.updateGoldens=true} to (re)write the golden files from the current output, then
 * review the diff before committing it.
 */
public final class Golden {

    public static final boolean UPDATE = Boolean.getBoolean("blackbox.updateGoldens");

    private Golden() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");
    }

    /** The whole transcript of a session, rendered without timing. */
    public static String render(Path root, String sessionId, Format format, TranscriptOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EntrySource source = EntrySource.open(root, sessionId, null, null, false, EntrySource.Waiter.BACKOFF)) {
            new Player(source, format.open(out, options), null, false, Progress.NONE, Player.Clock.SYSTEM).play();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Replaces what changes between two recordings of the same scenario: offsets, instants, durations,
     * and the recorder's version and host.
     */
    public static String normalise(String transcript) {
        return transcript
                .replaceAll("recorder \\S+ on [^,\\s*]+", "recorder <version> on <host>")
                .replaceAll("\\+(\\d+:)?\\d{2}:\\d{2}\\.\\d{3}", "+MM:SS.mmm")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<instant>")
                .replaceAll("\\b\\d+ ms\\b|\\b\\d+\\.\\d s\\b|\\b\\d+m \\d{2}s\\b|\\b\\d+h \\d{2}m\\b", "<duration>");
    }

    /** Text and markdown transcripts of a session against {@code NAME.txt} and {@code NAME.md}. */
    public static void assertTranscripts(Path root, String sessionId, String name) throws IOException {
        assertMatches(render(root, sessionId, Format.TEXT, TranscriptOptions.defaults()), name + ".txt");
        assertMatches(render(root, sessionId, Format.MARKDOWN, TranscriptOptions.defaults()), name + ".md");
    }

    /** Asserts that the normalised transcript equals the golden file (or writes it in update mode). */
    public static void assertMatches(String transcript, String goldenName) throws IOException {
        String actual = normalise(transcript);
        Path file = dir().resolve(goldenName);
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s is missing: run with -Dblackbox.updateGoldens=true to create it", file)
                .exists();
        assertThat(actual).as("transcript differs from golden %s (rerun with -Dblackbox.updateGoldens=true if the change"
                + " is intended)", goldenName).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
