package dev.blackbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting the benchmarks' working directories (journals of gigabytes), in one place. */
public final class Trees {

    private Trees() {
    }

    /** Deletes {@code dir} and everything under it; a file that cannot be deleted fails the run. */
    public static void delete(Path dir) {
        walkDeleting(dir, true);
    }

    /** The same, best effort: what cannot be deleted is left (a temp directory). */
    public static void deleteQuietly(Path dir) {
        walkDeleting(dir, false);
    }

    private static void walkDeleting(Path dir, boolean strict) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    if (strict) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        } catch (IOException e) {
            if (strict) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
