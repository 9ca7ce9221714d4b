package dev.blackbox.app;

import dev.blackbox.bus.Addresses;
import dev.blackbox.console.ConsoleFixture;
import dev.blackbox.console.ConsoleVerticle;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.replay.fixture.Browser;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path in one JVM, in a real browser: the simulator runs the coding-task scenario, a
 * recorder records it, the console serves the page (all deployed by the one assembly); Chromium opens the
 * page, sees the pending Bash request, and a click on Allow must reach the simulator as the
 * control_response, journaled first under the console user's name.
 */
@ExtendWith(VertxExtension.class)
class ConsoleEndToEndTest {

    private static final String SESSION = "session_console_e2e";
    private static final String TOKEN = "sk-ant-oat01-e2e-token-never-shown";
    private static final String ORG = "5fa8c2b4-1111-4222-8333-944455556666";
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

    @Test
    @DisplayName("A pending request shows up in the browser; Allow reaches the simulator, journaled first as decided by the console user via web")
    void allowFromTheBrowser(Vertx vertx) throws Exception {
        Simulator simulator = recordCodingTask(vertx);
        ConsoleVerticle console = startConsole(vertx);

        browser = Browser.start(profile, 1280, 1100);
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        browser.get(console.baseUrl() + "login?token=" + ConsoleFixture.TOKEN);

        // the front page: the request waits there, the session is listed
        WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pending-panel .card")));
        assertThat(card.findElement(By.cssSelector(".tool")).getText()).isEqualTo("Bash");
        assertThat(card.findElement(By.cssSelector("textarea.input")).getAttribute("value")).contains("npm test 2>&1 | tee test-output.log");
        String requestId = card.getAttribute("data-request-id");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table.sessions"), SESSION));
        assertThat(browser.findElement(By.id("whoami")).getText()).isEqualTo("deciding as " + ConsoleFixture.USER);
        Browser.screenshot(browser, Path.of("target", "console-e2e-home.png"));

        // the session: transcript streaming, the same card, the message box
        browser.findElement(By.cssSelector(".card .session")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "I'll start by running the test suite"));
        WebElement sessionCard = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".cards-section .card[data-request-id='" + requestId + "']")));
        assertThat(browser.findElement(By.cssSelector("form.composer")).isDisplayed()).isTrue();
        Browser.screenshot(browser, Path.of("target", "console-e2e-pending.png"));

        sessionCard.findElement(By.cssSelector("button.allow")).click();

        // decided here: the page says so at once, from the resolved event
        wait.until(ExpectedConditions.textToBePresentInElement(sessionCard.findElement(By.cssSelector(".status")),
                "Allowed by " + ConsoleFixture.USER + " via web"));
        // the simulator got the answer for exactly this request
        await().atMost(PATIENCE).until(() -> controlResponse(simulator.receivedFrames(SESSION), requestId) != null);
        JsonObject answer = controlResponse(simulator.receivedFrames(SESSION), requestId);
        assertThat(answer.getJsonObject("response").getJsonObject("response").getString("behavior")).isEqualTo("allow");

        // the journal has the decision, by the console user via web, before the frame that carried it
        List<JournalEntry> entries = read(journal, SESSION);
        JournalEntry decided = entries.stream()
                .filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED && e.payloadText().contains(requestId))
                .findFirst().orElseThrow(() -> new AssertionError("no PERMISSION_DECIDED for " + requestId));
        JsonObject decision = new JsonObject(decided.payloadText());
        assertThat(decision.getString("decidedBy")).isEqualTo(ConsoleFixture.USER);
        assertThat(decision.getString("via")).isEqualTo("web");
        assertThat(decision.getString("behavior")).isEqualTo("allow");
        JournalEntry sent = entries.stream()
                .filter(e -> e.kind() == EntryKind.FRAME_SENT && e.payloadText().contains("control_response")
                        && e.payloadText().contains(requestId))
                .findFirst().orElseThrow(() -> new AssertionError("no FRAME_SENT control_response for " + requestId));
        assertThat(sent.seq()).isGreaterThan(decided.seq());

        // the tool result streams into the transcript, and the next request (the Edit) arrives as a card
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "result of Bash"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//section[@class='cards-section']/div/article[.//span[@class='tool' and text()='Edit']]")));
        Browser.screenshot(browser, Path.of("target", "console-e2e.png"));
    }

    @Test
    @DisplayName("A page opened late sees what is pending; a decision made elsewhere shows in every page and the card goes; messages go out under the console user")
    void lateJoinersAndOthersDecisions(Vertx vertx) throws Exception {
        Simulator simulator = recordCodingTask(vertx);
        // the request is pending before any page exists: only the pending query can show it
        await().atMost(PATIENCE).until(() -> !pending(vertx).isEmpty());
        String requestId = pending(vertx).getJsonObject(0).getString("requestId");
        ConsoleVerticle console = startConsole(vertx);

        browser = Browser.start(profile, 1280, 1100);
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        browser.get(console.baseUrl() + "login?token=" + ConsoleFixture.TOKEN);
        By card = By.cssSelector(".card[data-request-id='" + requestId + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(card));
        String home = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(console.baseUrl() + "#/session/" + SESSION);
        wait.until(ExpectedConditions.visibilityOfElementLocated(card));
        String sessionTab = browser.getWindowHandle();

        // someone else decides, on the command line
        vertx.eventBus().request(Addresses.decide(SESSION), new JsonObject()
                .put("requestId", requestId).put("behavior", "deny").put("message", "not now")
                .put("decidedBy", "bob").put("via", "cli")).await();
        for (String tab : List.of(sessionTab, home)) {
            browser.switchTo().window(tab);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(card, "Denied by bob via cli"));
        }
        for (String tab : List.of(sessionTab, home)) {
            browser.switchTo().window(tab);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(card));
        }

        // the next request (the Edit) is allowed with changes: the edited input is what the session gets
        browser.switchTo().window(sessionTab);
        WebElement edit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//section[@class='cards-section']/div/article[.//span[@class='tool' and text()='Edit']]")));
        String editId = edit.getAttribute("data-request-id");
        WebElement input = edit.findElement(By.cssSelector("textarea.input"));
        JsonObject edited = new JsonObject(input.getAttribute("value"));
        edited.put("new_string", edited.getString("new_string").replace("print more detail", "say more"));
        input.clear();
        input.sendKeys(edited.encodePrettily());
        assertThat(edit.findElement(By.cssSelector("button.allow")).getText()).isEqualTo("Allow with changes");
        edit.findElement(By.cssSelector("button.allow")).click();
        await().atMost(PATIENCE).until(() -> controlResponse(simulator.receivedFrames(SESSION), editId) != null);
        assertThat(controlResponse(simulator.receivedFrames(SESSION), editId).getJsonObject("response")
                .getJsonObject("response").getJsonObject("updatedInput")).isEqualTo(edited);

        // once the turn has ended, a message from the page is posted to the session, journaled as the console user's
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "turn ended"));
        browser.findElement(By.cssSelector("form.composer textarea")).sendKeys("Please update the README too.");
        browser.findElement(By.cssSelector("form.composer button.send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".composer .status"), "Sent"));
        await().atMost(PATIENCE).until(() -> simulator.posts(SESSION).stream()
                .anyMatch(p -> p.body() != null && p.body().contains("Please update the README too.")));
        JournalEntry posted = read(journal, SESSION).stream()
                .filter(e -> e.kind() == EntryKind.MESSAGE_POSTED).findFirst().orElseThrow();
        assertThat(new JsonObject(posted.payloadText()).getString("sentBy")).isEqualTo(ConsoleFixture.USER);

        // replay mode: the whole transcript again, here at once
        browser.executeScript("window.scrollTo(0, 0)");
        browser.findElement(By.cssSelector("button.replay-start")).click();
        new Select(browser.findElement(By.cssSelector("select.speed"))).selectByVisibleText("at once");
        wait.until(d -> {
            String[] shown = d.findElement(By.cssSelector(".replay-bar .progress")).getText().split(" / ");
            return shown.length == 2 && Integer.parseInt(shown[1]) > 10 && shown[0].equals(shown[1]);
        });
        assertThat(browser.findElement(By.id("transcript")).getText()).contains("Add a --verbose flag", "denied by bob via cli");
    }

    /** The simulator running coding-task (delays scaled down 100x), and a recorder on it. */
    private Simulator recordCodingTask(Vertx vertx) {
        Simulator simulator = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, SESSION, Scenarios.load("coding-task"))
                .withTimeScale(0.01)).await();
        Blackbox.start(vertx, Blackbox.Plan.record(List.of(new SessionSettings(SESSION, journal, false, null,
                new RemoteSession(URI.create(simulator.baseUrl()), ORG, TokenSource.of(TOKEN), ReconnectMode.PERSISTENT,
                        ReconnectTimings.upstream().scaled(0.01)))))).await();
        return simulator;
    }

    /** A console (and its projection) joining the running recorder, as 'blackbox console' would. */
    private ConsoleVerticle startConsole(Vertx vertx) {
        return Blackbox.start(vertx, Blackbox.Plan.record(List.of()).withConsole(ConsoleFixture.settings(journal))).await().console();
    }

    private static JsonArray pending(Vertx vertx) {
        return vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_PENDING, new JsonObject()).await().body()
                .getJsonArray("pending");
    }

    private static JsonObject controlResponse(List<ReceivedFrame> frames, String requestId) {
        for (ReceivedFrame f : frames) {
            if (f.text() != null && f.text().contains("\"control_response\"") && f.text().contains(requestId)) {
                return new JsonObject(f.text());
            }
        }
        return null;
    }

    private static List<JournalEntry> read(Path root, String sessionId) {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                out.add(e);
            }
        }
        return out;
    }
}
