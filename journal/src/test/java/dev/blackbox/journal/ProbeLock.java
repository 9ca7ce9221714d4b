package dev.blackbox.journal;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child JVM: holds the shared lock a verifier tries on {@code writer.lock} (read-only descriptor, as
 * {@link WriterLock#holder} does), for longer than a verifier would, then lets it go.
 */
public final class ProbeLock {
    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]).resolve(WriterLock.FILE), StandardOpenOption.READ);
             FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true)) {
            System.out.println(probe == null ? "REFUSED" : "LOCKED");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
        }
        System.out.println("RELEASED");
    }
}
