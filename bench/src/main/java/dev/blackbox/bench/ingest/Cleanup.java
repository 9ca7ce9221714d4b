package dev.blackbox.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes a run's directory (journals of gigabytes: one run's at a time is enough disk). */
final class Cleanup {

    private Cleanup() {
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // best effort: the temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
