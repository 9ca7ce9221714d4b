package dev.blackbox.app;

import dev.blackbox.audit.AccessLog;
import dev.blackbox.audit.AuditLogs;
import dev.blackbox.console.ConsoleFixture;
import dev.blackbox.console.ConsoleVerticle;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalRecord.SessionRead;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.replay.fixture.Browser;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser, for the audit: each session's integrity verdict in the list and over the
 * session, and the access log entry each page's first view of a session leaves (who: the console user).
 */
@ExtendWith(VertxExtension.class)
class ConsoleAuditTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path journal;
    @TempDir
    Path profile;
    private ChromeDriver browser;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void write(String session) {
        try (SessionJournal j = SessionJournal.open(journal, session)) {
            j.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, session, "org", "http://127.0.0.1:1",
                    false, "test", "localhost", "persistent"));
            for (int i = 0; i < 3; i++) {
                j.append(EntryKind.FRAME_RECEIVED, ("{\"type\":\"assistant\",\"uuid\":\"u" + i + "\",\"message\":{\"id\":\"m" + i
                        + "\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"answer number " + i + "\"}]}}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            j.append(new JournalRecord.RecordingStopped("done"));
        }
    }

    private void flip(String session, String text) throws Exception {
        Path cq4;
        try (Stream<Path> files = Files.list(journal.resolve(session))) {
            cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(cq4.toFile(), "rw")) {
            byte[] head = new byte[1 << 20];
            raf.readFully(head);
            for (int i = 0; i + needle.length <= head.length; i++) {
                if (java.util.Arrays.equals(head, i, i + needle.length, needle, 0, needle.length)) {
                    raf.seek(i);
                    raf.write(head[i] ^ 0x20);
                    return;
                }
            }
        }
        throw new AssertionError(text + " is not in " + cq4);
    }

    private List<SessionRead> reads(String session) {
        return AccessLog.reads(journal, session).stream().map(AuditLogs.Logged::record).toList();
    }

    @Test
    @DisplayName("The list and the session show each journal's verdict (a flipped byte: FAILED); each page's first view of a session is one access entry by the console user")
    void integrityAndViews(Vertx vertx) throws Exception {
        write("s_ok");
        write("s_bad");
        flip("s_bad", "answer number 1");
        ConsoleVerticle console = Blackbox.start(vertx, Blackbox.Plan.record(List.of())
                .withConsole(ConsoleFixture.settings(journal))).await().console();

        browser = Browser.start(profile, 1280, 1100);
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        browser.get(console.baseUrl() + "login?token=" + ConsoleFixture.TOKEN);
        WebElement ok = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-session-id='s_ok'] .integrity[data-verdict='sealed']")));
        assertThat(ok.getText()).isEqualTo("sealed");
        assertThat(ok.getAttribute("title")).startsWith("integrity verified: sealed, intact");
        WebElement bad = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-session-id='s_bad'] .integrity[data-verdict='tampered']")));
        assertThat(bad.getAttribute("class")).contains("integrity-failed");
        assertThat(reads("s_ok")).as("listing sessions is not reading one").isEmpty();

        // the tampered session: a banner over it
        browser.findElement(By.linkText("s_bad")).click();
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#integrity[data-level='failed']")));
        assertThat(banner.getText()).startsWith("⚠ integrity FAILED at seq 3: hash mismatch");
        assertThat(banner.getAttribute("role")).isEqualTo("alert");
        Browser.screenshot(browser, Path.of("target", "console-integrity-failed.png"));

        // the intact one, viewed twice in this page, then replayed
        browser.get(console.baseUrl() + "#/session/s_ok");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "answer number 2"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#integrity[data-level='verified']"),
                "integrity verified: sealed, intact"));
        browser.findElement(By.linkText("Sessions")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.sessions")));
        browser.findElement(By.linkText("s_ok")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "answer number 2"));
        browser.findElement(By.cssSelector("button.replay-start")).click();
        wait.until(d -> d.findElement(By.cssSelector(".replay-bar .progress")).getText().contains("/"));

        await().atMost(PATIENCE).until(() -> reads("s_ok").size() == 2);
        List<SessionRead> views = reads("s_ok");
        assertThat(views).extracting(SessionRead::by).containsOnly(ConsoleFixture.USER);
        assertThat(views).extracting(SessionRead::command).containsOnly("console");
        assertThat(views).extracting(SessionRead::format).containsExactly("live", "replay");
        assertThat(views.get(0).host()).isEqualTo(AuditLogs.hostName());
        assertThat(reads("s_bad")).extracting(SessionRead::format).containsExactly("live");

        // a new page load is a new view
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "answer number 2"));
        await().atMost(PATIENCE).until(() -> reads("s_ok").size() == 3);
        assertThat(AccessLog.verify(journal).ok()).isTrue();
    }
}
