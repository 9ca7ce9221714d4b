package dev.blackbox.replay.transcript;

import dev.blackbox.journal.JournalReader;
import dev.blackbox.permission.PermissionOutcome;
import dev.blackbox.replay.fixture.Browser;
import dev.blackbox.replay.fixture.Sessions;
import dev.blackbox.replay.state.SessionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML transcript opened in Debian's headless Chromium: what its script builds (timeline, search, filters,
 * pairs, links), what the reader sees at the top (totals, integrity), and that nothing a session wrote runs.
 * Saves {@code target/html-transcript.png}, a screenshot of the coding session's page, to look at.
 */
class HtmlTranscriptTest {

    @TempDir
    static Path tmp;
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start(tmp.resolve("profile"), 1280, 1000);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static Path root() {
        return tmp.resolve("journal");
    }

    private static Path html(Sessions session, TranscriptOptions options, String name) throws Exception {
        if (!Files.exists(root().resolve(session.sessionId()))) {
            session.write(root());
        }
        Path file = tmp.resolve(name + ".html");
        Files.writeString(file, Golden.render(root(), session.sessionId(), Format.HTML, options), StandardCharsets.UTF_8);
        return file;
    }

    private static Path html(Sessions session) throws Exception {
        return html(session, TranscriptOptions.defaults(), session.sessionId());
    }

    /** Opens the page (a fresh load, also when only the hash differs) and waits for its script to finish. */
    private static void open(Path file, String hash) {
        browser.get("about:blank");
        browser.get(file.toUri() + hash);
        assertThat(body("ready")).as("the page script ran to its end").isEqualTo("1");
        assertThat(body("errors")).as("script errors").isEqualTo("0");
    }

    private static String body(String name) {
        return browser.findElement(By.tagName("body")).getDomAttribute("data-" + name);
    }

    private static Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    private static WebElement item(String kind, String toolUseId) {
        return browser.findElement(By.cssSelector(".e[data-kind='" + kind + "'][data-tool-use-id='" + toolUseId + "']"));
    }

    private static String n(String name) {
        return browser.findElement(By.cssSelector("#totals [data-n='" + name + "']")).getText();
    }

    private static long top(WebElement e) {
        return ((Number) js("return arguments[0].getBoundingClientRect().top", e)).longValue();
    }

    @Test
    @DisplayName("The HTML file is self-contained: no external scripts, styles, images or fetches, and only its own script may run")
    void selfContained() throws Exception {
        String page = Files.readString(html(Sessions.ROUGH));
        assertThat(page).doesNotContain("<script src", "<link", "<img", "url(", "fetch(", "XMLHttpRequest", "@import");
        assertThat(page).contains("default-src 'none'").contains("script-src 'sha256-").doesNotContain("unsafe-inline");
        assertThat(page).contains("<details", "data-marker=\"prompt\"", "data-marker=\"decision\"",
                "data-marker=\"result\"", "data-marker=\"connection\"");
    }

    @Test
    @DisplayName("Headless Chromium opens the page without errors, builds the timeline, and #search=Bash marks the Bash entries")
    void opensAndSearches() throws Exception {
        Path file = html(Sessions.ROUGH);
        open(file, "#search=Bash");
        assertThat(Integer.parseInt(body("markers"))).isGreaterThanOrEqualTo(8);
        int matches = Integer.parseInt(body("matches"));
        assertThat(matches).isPositive();
        List<WebElement> hits = browser.findElements(By.cssSelector(".e.hit"));
        assertThat(hits).hasSize(matches);
        hits.forEach(h -> assertThat((String) js("return arguments[0].textContent", h)).containsIgnoringCase("bash"));
        assertThat(browser.findElements(By.cssSelector("#timeline a.decision"))).isNotEmpty();

        open(file, "#search=NoSuchWordAnywhere");
        assertThat(body("matches")).isEqualTo("0");
    }

    @Test
    @DisplayName("The totals at the top are the session's: cost, tokens, turns, decisions by outcome, refusals, frames, malformed")
    void totals() throws Exception {
        for (Sessions session : List.of(Sessions.ROUGH, Sessions.CODING)) {
            open(html(session), "");
            SessionState s;
            try (JournalReader reader = JournalReader.open(root(), session.sessionId())) {
                s = SessionState.rebuild(reader);
            }
            assertThat(n("cost")).isEqualTo(Times.usd(s.costUsd()));
            assertThat(n("input")).isEqualTo(String.format(Locale.ROOT, "%,d", s.resultUsage().inputTokens()));
            assertThat(n("output")).isEqualTo(String.format(Locale.ROOT, "%,d", s.resultUsage().outputTokens()));
            assertThat(n("cache-read")).isEqualTo(String.valueOf(s.resultUsage().cacheReadInputTokens()));
            assertThat(n("duration")).isEqualTo(Times.duration(s.lastTsMicros() - s.firstTsMicros()));
            assertThat(n("turns")).isEqualTo(String.valueOf(s.turns()));
            for (PermissionOutcome o : PermissionOutcome.values()) {
                assertThat(n(o.label())).as(o.label()).isEqualTo(String.valueOf(s.decisions(o)));
            }
            assertThat(n("refused")).isEqualTo(String.valueOf(s.refused()));
            assertThat(n("received")).isEqualTo(String.valueOf(s.framesReceived()));
            assertThat(n("sent")).isEqualTo(String.valueOf(s.framesSent()));
            assertThat(n("malformed")).isEqualTo(String.valueOf(s.malformed()));
            WebElement totals = browser.findElement(By.id("totals"));
            assertThat(top(totals)).as("totals above the entries, though written after them")
                    .isLessThan(top(browser.findElement(By.id("entries"))));
        }
        // what the rough session must show, checked by hand against its script in Sessions
        open(html(Sessions.ROUGH), "");
        assertThat(Map.of("allow", n("allow"), "deny", n("deny"), "timeout", n("timeout"), "refused", n("refused"),
                "malformed", n("malformed"), "turns", n("turns")))
                .isEqualTo(Map.of("allow", "1", "deny", "1", "timeout", "1", "refused", "1", "malformed", "6", "turns", "2"));
        assertThat(n("cost")).isEqualTo("$0.002716");
    }

    @Test
    @DisplayName("The agent's markdown is rendered: a list, a table, emphasis and code")
    void markdown() throws Exception {
        open(html(Sessions.CODING), "");
        WebElement plan = browser.findElement(By.cssSelector(".e.assistant[data-kind='text'] .md"));
        assertThat(plan.findElements(By.cssSelector("ul > li"))).extracting(WebElement::getText)
                .containsExactly("read src/cli/args.js", "add the --verbose flag", "document it in the README");
        assertThat(plan.findElement(By.cssSelector("ul li strong")).getText()).isEqualTo("--verbose");
        assertThat(plan.findElements(By.cssSelector("table th"))).extracting(WebElement::getText).containsExactly("flag", "meaning");
        assertThat(plan.findElements(By.cssSelector("table tbody tr"))).hasSize(2);
        assertThat(plan.findElement(By.cssSelector("table td code")).getText()).isEqualTo("-q");
        assertThat(browser.findElements(By.cssSelector(".md ol > li"))).extracting(WebElement::getText)
                .containsExactly("src/cli/args.js", "README.md");
    }

    @Test
    @DisplayName("Markup in a frame stays text: no script, handler or javascript: link from the session runs, even when clicked")
    void nothingFromTheSessionRuns() throws Exception {
        open(html(Sessions.CODING), "");
        assertThat(js("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(js("return document.scripts.length")).as("only the page's own script").isEqualTo(1L);
        assertThat(js("return document.querySelectorAll('[onerror], [onclick], [onload], img, iframe, object').length"))
                .isEqualTo(0L);
        assertThat(js("return Array.from(document.links).filter(a => /^\\s*(javascript|data):/i.test(a.getAttribute('href'))).length"))
                .isEqualTo(0L);
        WebElement plan = browser.findElement(By.cssSelector(".e.assistant[data-kind='text'] .md"));
        assertThat(plan.getText()).contains("<script>window.__pwned = 1</script>", "<img src=x onerror=\"window.__pwned = 2\">");
        WebElement bait = plan.findElement(By.linkText("a harmless-looking link"));
        assertThat(bait.getDomAttribute("href")).isEqualTo("#link-removed");
        assertThat(plan.findElement(By.linkText("the docs")).getDomAttribute("href")).isEqualTo("https://example.com/docs");
        bait.click();
        assertThat(js("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(body("blocked")).as("nothing even tried to run or load (the policy would have blocked it)").isEqualTo("0");
    }

    @Test
    @DisplayName("Edit, MultiEdit and Write are shown as diffs, the changed words marked, the JSON folded away")
    void editsAsDiffs() throws Exception {
        open(html(Sessions.CODING), "");
        WebElement edit = item("tool-call", "toolu_c_edit");
        assertThat(edit.findElement(By.cssSelector(".h")).getText()).startsWith("Edit  /home/user/app/src/cli/args.js");
        assertThat(edit.findElements(By.cssSelector("pre.diff .dl"))).extracting(WebElement::getText).containsExactly(
                " program", "   .option('-q, --quiet', 'print less')", "+  .option('-v, --verbose', 'print more detail')",
                "   .parse();");
        assertThat(edit.findElement(By.cssSelector("details")).getDomAttribute("open")).as("the JSON input is folded").isNull();
        assertThat(edit.findElement(By.cssSelector(".b")).getText()).doesNotContain("\\n", "old_string");

        WebElement multi = item("tool-call", "toolu_c_multi");
        assertThat(multi.findElements(By.cssSelector(".diff-part"))).extracting(WebElement::getText)
                .containsExactly("edit 1 of 2", "edit 2 of 2 · replace all");
        assertThat(multi.findElements(By.cssSelector(".dl.del"))).extracting(WebElement::getText).containsExactly("-A small CLI.");
        assertThat(multi.findElements(By.cssSelector(".dl.add ins"))).extracting(WebElement::getText).containsExactly(" with flags");

        WebElement write = item("tool-call", "toolu_c_write");
        assertThat(write.findElements(By.cssSelector(".dl.add"))).hasSize(5);
        assertThat(write.findElements(By.cssSelector(".dl.del, .dl.ctx"))).isEmpty();

        WebElement unseen = browser.findElement(By.cssSelector(".e[data-kind='permission-request'][data-request-id='req-c-unseen']"));
        assertThat(unseen.findElement(By.cssSelector(".diff-file")).getText()).isEqualTo("/home/user/app/package.json");
        assertThat(unseen.findElement(By.cssSelector(".dl.del")).getText()).isEqualTo("-\"version\": \"1.4.2\"");
        assertThat(unseen.findElements(By.cssSelector(".dl.del del"))).extracting(WebElement::getText).containsExactly("4", "2");
    }

    @Test
    @DisplayName("A tool's result is shown under its call (with its permission prompt and decision); a late one is linked both ways")
    void callsAndResultsPaired() throws Exception {
        open(html(Sessions.CODING), "");
        assertThat(body("paired")).isEqualTo("3");
        assertThat(body("linked")).isEqualTo("1");
        for (String id : List.of("toolu_c_edit", "toolu_c_multi", "toolu_c_write")) {
            @SuppressWarnings("unchecked")
            List<String> next = (List<String>) js("var out = [], e = arguments[0];"
                    + "for (var i = 0; i < 3; i++) { e = e.nextElementSibling; out.push(e.dataset.kind + ' ' + e.dataset.toolUseId); }"
                    + "return out;", item("tool-call", id));
            assertThat(next).as(id).containsExactly("permission-request " + id, "permission-decision " + id, "tool-result " + id);
        }
        WebElement call = item("tool-call", "toolu_c_task"), result = item("tool-result", "toolu_c_task");
        assertThat(call.findElement(By.cssSelector("a.jump")).getDomAttribute("href")).isEqualTo("#" + result.getDomAttribute("id"));
        assertThat(result.findElement(By.cssSelector("a.jump")).getDomAttribute("href")).isEqualTo("#" + call.getDomAttribute("id"));
        assertThat(browser.findElements(By.cssSelector(".e.assistant[data-kind='text']")).stream()
                .filter(e -> e.getText().contains("Looking at the diff")).count()).isEqualTo(1);
        result.findElement(By.cssSelector("a.jump")).click();
        assertThat(js("return location.hash")).isEqualTo("#" + call.getDomAttribute("id"));
    }

    @Test
    @DisplayName("A reconnect between a call and its result is not hidden by pairing: the two are linked instead")
    void reconnectKeepsItsPlace() throws Exception {
        open(html(Sessions.ROUGH), "");
        WebElement call = item("tool-call", browser.findElement(By.cssSelector(".e[data-kind='tool-result']"))
                .getDomAttribute("data-tool-use-id"));
        assertThat(call.getDomAttribute("class")).doesNotContain("grp");
        assertThat(call.findElement(By.cssSelector("a.jump")).getText()).startsWith("↓ result at +00:08");
        assertThat((String) js("return arguments[0].nextElementSibling.textContent", call)).contains("asks for permission");
        assertThat(body("paired")).isEqualTo("0");
        assertThat(body("linked")).isEqualTo("1");
    }

    @Test
    @DisplayName("Unticking a kind in the filter bar hides its items and ticking it shows them again; #hide= does the same")
    void filters() throws Exception {
        Path file = html(Sessions.CODING);
        open(file, "");
        WebElement tools = browser.findElement(By.cssSelector("#filters input[data-group='tools']"));
        List<WebElement> toolItems = browser.findElements(By.cssSelector(".e.k-tools"));
        assertThat(toolItems).hasSizeGreaterThan(5).allMatch(WebElement::isDisplayed);
        assertThat(browser.findElement(By.cssSelector("#filters label.f-tools .n")).getText())
                .isEqualTo(String.valueOf(toolItems.size()));
        tools.click();
        assertThat(body("hidden")).isEqualTo("tools");
        assertThat(toolItems).noneMatch(WebElement::isDisplayed);
        assertThat(browser.findElements(By.cssSelector(".e.k-assistant, .e.k-permissions"))).allMatch(WebElement::isDisplayed);
        tools.click();
        assertThat(toolItems).allMatch(WebElement::isDisplayed);

        open(file, "#hide=tools,system");
        assertThat(body("hidden")).isEqualTo("tools,system");
        assertThat(browser.findElements(By.cssSelector(".e.k-tools, .e.k-system"))).noneMatch(WebElement::isDisplayed);
        assertThat(browser.findElement(By.cssSelector("#filters input[data-group='tools']")).isSelected()).isFalse();
    }

    @Test
    @DisplayName("A decision links to its request, which shows the outcome and links back; clicking jumps there")
    void decisionsLinkedToRequests() throws Exception {
        open(html(Sessions.CODING), "");
        assertThat(body("decisions")).isEqualTo("4");
        WebElement request = browser.findElement(By.cssSelector(".e[data-kind='permission-request'][data-request-id='req-c-write']"));
        WebElement decision = browser.findElement(By.cssSelector(".e[data-kind='permission-decision'][data-request-id='req-c-write']"));
        WebElement outcome = request.findElement(By.cssSelector("a.outcome"));
        assertThat(outcome.getText()).startsWith("denied · +");
        assertThat(outcome.getDomAttribute("class")).contains("o-deny");
        assertThat(browser.findElement(By.cssSelector("[data-request-id='req-c-unseen'] a.outcome")).getText()).startsWith("cancelled");
        assertThat(browser.findElement(By.cssSelector("[data-request-id='req-c-edit'] a.outcome")).getText()).startsWith("allowed");

        js("window.scrollTo(0, document.body.scrollHeight)");
        decision.findElement(By.cssSelector("a.req-link")).click();
        assertThat(js("return location.hash")).isEqualTo("#" + request.getDomAttribute("id"));
        long y = top(request);
        assertThat(y).as("the request is in view, below the sticky bar").isBetween(0L, 500L);
        assertThat(js("return document.querySelector(':target') === arguments[0]", request)).isEqualTo(true);
        outcome.click();
        assertThat(js("return location.hash")).isEqualTo("#" + decision.getDomAttribute("id"));
    }

    @Test
    @DisplayName("An integrity verdict given by the caller is shown above everything; none given, none shown")
    void integrityBanner() throws Exception {
        Path failed = html(Sessions.ALLOW, TranscriptOptions.defaults()
                .withIntegrity(() -> IntegrityLine.failed("integrity FAILED at seq 7: entry hash does not match")), "failed");
        open(failed, "");
        WebElement banner = browser.findElement(By.id("integrity"));
        assertThat(banner.getText()).isEqualTo("⚠ integrity FAILED at seq 7: entry hash does not match");
        assertThat(banner.getDomAttribute("class")).isEqualTo("failed");
        assertThat(top(banner)).isLessThan(top(browser.findElement(By.tagName("h1"))));

        open(html(Sessions.ALLOW, TranscriptOptions.defaults().withIntegrity(() -> IntegrityLine.verified("verified")), "ok"), "");
        assertThat(browser.findElement(By.id("integrity")).getDomAttribute("class")).isEqualTo("verified");

        open(html(Sessions.ALLOW), "");
        assertThat(browser.findElements(By.id("integrity"))).isEmpty();
    }

    @Test
    @DisplayName("Screenshots of the coding session's page, light and dark, are saved to target/html-transcript*.png")
    void screenshot() throws Exception {
        Path file = html(Sessions.CODING, TranscriptOptions.defaults()
                .withIntegrity(() -> IntegrityLine.warning("unsealed: the recording did not end with a seal")), "screenshot");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2200));
        try {
            open(file, "");
            Path target = Path.of(System.getProperty("basedir", "."), "target");
            Path png = Browser.screenshot(browser, target.resolve("html-transcript.png"));
            assertThat(Files.size(png)).isGreaterThan(10_000);
            browser.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            assertThat(js("return matchMedia('(prefers-color-scheme: dark)').matches")).isEqualTo(true);
            assertThat(Files.size(Browser.screenshot(browser, target.resolve("html-transcript-dark.png")))).isGreaterThan(10_000);
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    @Test
    @DisplayName("--redact hides matches in diffs and rendered markdown too")
    void redactsEverywhere() throws Exception {
        Path file = html(Sessions.CODING, TranscriptOptions.defaults()
                .withRedactor(Redactor.of(List.of("print more detail", "harmless-looking"))), "redacted");
        String page = Files.readString(file);
        assertThat(page).doesNotContain("print more detail", "harmless-looking").contains(Redactor.MASK);
    }
}
