package dev.blackbox.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A small tmpfs mounted for a test: a real file system that really fills up, or really is read-only. */
final class Tmpfs implements AutoCloseable {

    final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code mib} MiB on {@code dir}; fails the test (never skips it) where mounting is not allowed. */
    static Tmpfs mount(Path dir, long mib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + mib + "m,mode=0700", "tmpfs", dir.toString());
        return new Tmpfs(dir);
    }

    /**
     * A read-only view of {@code source} at {@code target}: a bind mount remounted read-only (remounting a
     * file system read-only is refused while a writer's mapping lingers; a read-only bind is not).
     */
    static Tmpfs readOnlyView(Path source, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        run("mount", "--bind", source.toString(), target.toString());
        run("mount", "-o", "remount,bind,ro", target.toString());
        return new Tmpfs(target);
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("'" + String.join(" ", command) + "' failed: " + out
                    + " (these tests need root, or a kernel that lets this user mount a tmpfs)");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            // lazy: Chronicle may still hold a mapping for a moment after its queue is closed
            run(List.of("umount", "-l", dir.toString()).toArray(String[]::new));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
