package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** verify reads and never writes: no byte, size or mtime of any file changes, and a read-only mount is fine. */
class PureReaderTest {

    @TempDir
    Path tmp;

    /** SHA-256, size and mtime of every file under the directory. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                    }
                }
                out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(sha.digest()) + " " + Files.size(f) + " "
                        + Files.getLastModifiedTime(f).toMillis());
            }
        }
        return out;
    }

    private static void assertUntouchedBy(Path root, Status expected) throws Exception {
        Map<String, String> before = snapshot(root);
        Result r = JournalVerifier.verify(root, DemoJournal.SESSION);
        assertThat(r.status()).as(r.describe()).isEqualTo(expected);
        assertThat(snapshot(root)).isEqualTo(before);
    }

    @Test
    @DisplayName("verify changes no byte, size or mtime of any file: clean, tampered and truncated journals")
    void changesNothing() throws Exception {
        Path clean = tmp.resolve("clean");
        DemoJournal.write(clean);
        assertUntouchedBy(clean, Status.SEALED);

        Path tampered = tmp.resolve("tampered");
        Path cq4 = DemoJournal.cycleFile(DemoJournal.write(tampered));
        DemoJournal.writeBytes(cq4, DemoJournal.entry(cq4, 20).pos() + 40, new byte[]{'#'});
        assertUntouchedBy(tampered, Status.TAMPERED);

        Path truncated = tmp.resolve("truncated");
        Path cut = DemoJournal.cycleFile(DemoJournal.write(truncated));
        DemoJournal.truncate(cut, DemoJournal.entry(cut, 30).end());
        assertUntouchedBy(truncated, Status.TAMPERED);
    }

    @Test
    @DisplayName("verify of a journal on a read-only mount gives the same verdict it gives on a writable one")
    void readOnlyMount() throws Exception {
        Path source = tmp.resolve("rw");
        DemoJournal.write(source);
        Path cq4 = DemoJournal.cycleFile(source.resolve(DemoJournal.SESSION));
        DemoJournal.writeBytes(cq4, DemoJournal.entry(cq4, 50).pos() + 30, new byte[]{'#'});
        Result writable = JournalVerifier.verify(source, DemoJournal.SESSION);
        try (Tmpfs view = Tmpfs.readOnlyView(source, tmp.resolve("ro"))) {
            Path root = view.dir;
            assertThat(Files.isWritable(root.resolve(DemoJournal.SESSION).resolve("metadata.cq4t"))).isFalse();
            Map<String, String> before = snapshot(root);
            Result readOnly = JournalVerifier.verify(root, DemoJournal.SESSION);
            assertThat(readOnly).isEqualTo(writable);
            assertThat(readOnly.status()).isEqualTo(Status.TAMPERED);
            assertThat(readOnly.firstBadSeq()).isEqualTo(50);
            assertThat(snapshot(root)).isEqualTo(before);
        }
    }
}
