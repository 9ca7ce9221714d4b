package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A journal on a small tmpfs that fills up: it stops at an entry boundary, says so in one line, and stays stopped. */
class DiskFullTest {

    @TempDir
    Path tmp;

    Tmpfs fs;

    @AfterEach
    void unmount() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    private static byte[] entry(int i) {
        byte[] b = new byte[400_000];
        Arrays.fill(b, (byte) ('a' + i % 26));
        return b;
    }

    @Test
    @DisplayName("Appends stop before the reserve is touched: 'journal full' in one line, every later append refused, verify says unsealed")
    void stopsAtTheReserve() throws Exception {
        fs = Tmpfs.mount(tmp.resolve("fs"), 64 + 20);
        Path root = fs.dir.resolve("journal");
        SessionJournal j = SessionJournal.open(root, "s");
        long written = 0;
        JournalException full = null;
        for (int i = 0; i < 1000 && full == null; i++) {
            try {
                written = j.append(EntryKind.FRAME_RECEIVED, entry(i));
            } catch (JournalException e) {
                full = e;
            }
        }
        assertThat(full).isInstanceOf(JournalFullException.class);
        assertThat(full.getMessage()).matches("journal full: no space left on " + java.util.regex.Pattern.quote(root.resolve("s").toString())
                + " \\(\\d+(\\.\\d)? MiB free, reserve 64 MiB\\)");
        assertThat(written).isBetween(30L, 60L);
        assertThat(j.isFailed()).isTrue();
        JournalException first = full;
        assertThatThrownBy(() -> j.append(EntryKind.FRAME_RECEIVED, new byte[]{1})).isSameAs(first);
        assertThatThrownBy(j::checkpointIfDue).isSameAs(first);
        j.close();
        Result r = JournalVerifier.verify(root, "s");
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.UNSEALED);
        assertThat(r.entries()).isEqualTo(written);
    }

    @Test
    @DisplayName("A recording does not start where the reserve is not free: refused before anything is created")
    void refusesToStart() throws Exception {
        fs = Tmpfs.mount(tmp.resolve("fs"), 32);
        Path root = fs.dir.resolve("journal");
        assertThatThrownBy(() -> SessionJournal.open(root, "s"))
                .isInstanceOf(JournalFullException.class)
                .hasMessageMatching("journal full: no space left on .*/journal/s \\(\\d+ MiB free, reserve 64 MiB\\)");
        assertThat(root).doesNotExist();
    }

    @Test
    @DisplayName("With the free-space check off, a fault in a mapped page still fails the journal for good, and nothing written is called tampered")
    void faultInAMappedPage() throws Exception {
        fs = Tmpfs.mount(tmp.resolve("fs"), 6);
        Path root = fs.dir.resolve("journal");
        SessionJournal j = SessionJournal.open(root, "s", JournalOptions.defaults().withMinFreeBytes(0));
        JournalException failure = null;
        for (int i = 0; i < 100 && failure == null; i++) {
            try {
                j.append(EntryKind.FRAME_RECEIVED, entry(i));
            } catch (JournalException e) {
                failure = e;
            }
        }
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).doesNotContain("\n").startsWith("journal full: no space left on " + root.resolve("s"));
        JournalException first = failure;
        assertThatThrownBy(() -> j.append(EntryKind.FRAME_RECEIVED, new byte[]{1})).isSameAs(first);
        j.close();
        Result r = JournalVerifier.verify(root, "s");
        assertThat(r.status()).as(r.describe() + " after: " + first.getMessage()).isIn(Status.UNSEALED, Status.TORN_TAIL);
    }
}
