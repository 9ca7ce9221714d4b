package dev.blackbox.audit;

import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord.SessionRead;
import dev.blackbox.journal.JournalVerifier.Status;
import dev.blackbox.journal.SessionJournal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccessLogTest {

    @TempDir
    Path root;

    private static SessionRead read(String session, String by, String command) {
        return new SessionRead(session, by, "box1", command, "text", null, null, null);
    }

    @Test
    @DisplayName("Every read is one entry of a sealed, hash-chained access log, listed per session in order")
    void recordsAndLists() {
        assertThat(AccessLog.record(root, JournalOptions.defaults(), read("s1", "alice", "replay"))).isNull();
        assertThat(AccessLog.record(root, JournalOptions.defaults(), read("s2", "bob", "export"))).isNull();
        assertThat(AccessLog.record(root, JournalOptions.defaults(), read("s1", "carol", "console"))).isNull();

        List<AuditLogs.Logged<SessionRead>> s1 = AccessLog.reads(root, "s1");
        assertThat(s1).extracting(l -> l.record().by()).containsExactly("alice", "carol");
        assertThat(s1.get(0).tsMicros()).isLessThanOrEqualTo(s1.get(1).tsMicros());
        assertThat(AccessLog.reads(root, null)).hasSize(3);
        assertThat(AccessLog.verify(root).status()).isEqualTo(Status.SEALED);
        assertThat(root.resolve(".audit/access")).isDirectory();
    }

    @Test
    @DisplayName("A writer that finds the log held by another waits its turn, and its read is recorded")
    void waitsForAnotherWriter() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try (SessionJournal log = SessionJournal.open(AuditLogs.root(root), AuditLogs.ACCESS)) {
                log.append(read("s0", "holder", "replay"));
                held.countDown();
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await(5, TimeUnit.SECONDS);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(
                () -> AccessLog.record(root, JournalOptions.defaults(), read("s1", "alice", "replay")));
        // while the log is held, the writer keeps trying instead of giving up
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        release.countDown();
        holder.get(5, TimeUnit.SECONDS);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(AccessLog.reads(root, null)).extracting(l -> l.record().by()).containsExactly("holder", "alice");
    }

    @Test
    @DisplayName("A read that cannot be recorded says why in one line and does not throw")
    void cannotRecord() throws Exception {
        Files.createDirectories(root);
        Files.writeString(root.resolve(AuditLogs.DIR), "in the way");
        String why = AccessLog.record(root, JournalOptions.defaults(), read("s1", "alice", "replay"));
        assertThat(why).isNotBlank().doesNotContain("\n");
    }
}
