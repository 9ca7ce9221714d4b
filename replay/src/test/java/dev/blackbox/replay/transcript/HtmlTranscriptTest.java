package dev.blackbox.replay.transcript;

import dev.blackbox.replay.fixture.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class HtmlTranscriptTest {

    @TempDir
    Path tmp;

    private Path html(Sessions session) throws Exception {
        Path root = tmp.resolve("journal");
        String id = session.write(root);
        Path file = tmp.resolve(id + ".html");
        Files.writeString(file, Golden.render(root, id, Format.HTML, TranscriptOptions.defaults()), StandardCharsets.UTF_8);
        return file;
    }

    /** Debian's chromium, which ./test installs; missing it is a failure, never a silent skip. */
    private static String chromium() {
        String fromTestCommand = System.getenv("BLACKBOX_TEST_CHROMIUM");
        List<String> candidates = fromTestCommand != null && !fromTestCommand.isBlank()
                ? List.of(fromTestCommand)
                : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        for (String candidate : candidates) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return fail("headless Chromium is needed for the HTML transcript test but " + candidates + " is missing: "
                + "run the tests with ./test, which installs Debian's chromium and chromium-driver");
    }

    /** Loads the page in headless Chromium and returns the DOM after its script ran; console output lands in stderr. */
    private String dumpDom(Path file, String hash, Path stderr) throws Exception {
        Process p = new ProcessBuilder(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + tmp.resolve("profile"), "--enable-logging=stderr", "--v=0", "--dump-dom",
                file.toUri() + hash)
                .redirectError(stderr.toFile()).start();
        byte[] dom = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 60 s");
        }
        assertThat(p.exitValue()).as("chromium exit status").isZero();
        return new String(dom, StandardCharsets.UTF_8);
    }

    private static String bodyAttr(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\b" + name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    @Test
    @DisplayName("The HTML file is self-contained: no external scripts, styles, images or fetches")
    void selfContained() throws Exception {
        String page = Files.readString(html(Sessions.ROUGH));
        assertThat(page).doesNotContain("<script src", "<link", "<img", "url(", "fetch(", "XMLHttpRequest", "@import");
        assertThat(page).contains("default-src 'none'"); // and the page forbids itself any fetch
        assertThat(page).contains("<details", "data-marker=\"prompt\"", "data-marker=\"decision\"",
                "data-marker=\"result\"", "data-marker=\"connection\"");
    }

    @Test
    @DisplayName("Headless Chromium opens the page without errors, builds the timeline, and #search=Bash marks the Bash entries")
    void opensAndSearches() throws Exception {
        Path file = html(Sessions.ROUGH);
        Path stderr = tmp.resolve("chromium.log");
        String dom = dumpDom(file, "#search=Bash", stderr);
        String log = Files.readString(stderr);
        assertThat(bodyAttr(dom, "data-ready")).as("the page script ran to its end").isEqualTo("1");
        assertThat(bodyAttr(dom, "data-errors")).as("script errors").isEqualTo("0");
        assertThat(log).as("console errors").doesNotContain("Uncaught", ":CONSOLE(");
        assertThat(Integer.parseInt(bodyAttr(dom, "data-markers"))).isGreaterThanOrEqualTo(8);
        int matches = Integer.parseInt(bodyAttr(dom, "data-matches"));
        assertThat(matches).isPositive();
        Matcher hit = Pattern.compile("<div class=\"e [^\"]*\\bhit\\b[^\"]*\"[^>]*>(.*?)</div>\\s*(?=<div|</main)",
                Pattern.DOTALL).matcher(dom);
        int hits = 0;
        while (hit.find()) {
            hits++;
            assertThat(hit.group(1)).containsIgnoringCase("bash");
        }
        assertThat(hits).isEqualTo(matches);
        assertThat(dom).contains("id=\"timeline\"").contains("<a class=\"decision\"");

        String none = dumpDom(file, "#search=NoSuchWordAnywhere", tmp.resolve("chromium2.log"));
        assertThat(bodyAttr(none, "data-matches")).isEqualTo("0");
    }
}
