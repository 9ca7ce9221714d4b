package dev.blackbox.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** tmpfs and read-only bind mounts for the full-disk and read-only tests (as root; a refusal fails the test). */
final class Mounts {

    private Mounts() {
    }

    static void tmpfs(Path dir, long mib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + mib + "m,mode=0700", "tmpfs", dir.toString());
    }

    /** {@code source} seen read-only at {@code target}. */
    static void readOnlyView(Path source, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        run("mount", "--bind", source.toString(), target.toString());
        run("mount", "-o", "remount,bind,ro", target.toString());
    }

    static void unmount(Path dir) throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("'" + String.join(" ", command) + "' failed: " + out
                    + " (this test mounts file systems: run it as root)");
        }
    }
}
