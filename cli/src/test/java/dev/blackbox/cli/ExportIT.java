package dev.blackbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code blackbox export} from the jar, on the demo's session recorded by the jar itself. */
class ExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = DemoCommand.SESSION;

    @TempDir
    static Path tmp;
    static Path journal;

    @BeforeAll
    static void recordTheDemo() throws Exception {
        journal = tmp.resolve("journal");
        Jar.Result demo = Jar.run("demo", "--journal", journal.toString(), "--time-scale", "0.01");
        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
    }

    @Test
    @DisplayName("Each format exports the demo's session into an owner-only file that its readers' shape checks accept")
    void exportsEveryFormat() throws Exception {
        Path cast = export("asciicast", "session.cast");
        List<String> lines = Files.readAllLines(cast);
        assertThat(JSON.readTree(lines.get(0)).path("version").asInt()).isEqualTo(3);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("[").contains("\"m\",\"Bash allowed by"));
        assertThat(lines.get(lines.size() - 1)).matches("\\[[0-9.]+,\"x\",\"[01]\"\\]");

        Path spans = export("otlp-json", "spans.jsonl");
        JsonNode request = JSON.readTree(Files.readAllLines(spans).get(0));
        assertThat(request.path("resourceSpans").get(0).path("scopeSpans").get(0).path("spans")).isNotEmpty();
        assertThat(Files.readString(spans)).contains("\"invoke_agent Claude Code\"").contains("\"execute_tool Bash\"")
                .contains("blackbox.permission.decided_by");

        Path claude = export("claude-jsonl", "session.jsonl");
        String previous = null;
        for (String line : Files.readAllLines(claude)) {
            JsonNode l = JSON.readTree(line);
            assertThat(l.path("parentUuid").isNull() ? null : l.path("parentUuid").asText()).isEqualTo(previous);
            assertThat(l.path("sessionId").asText()).isEqualTo(SESSION);
            previous = l.path("uuid").asText();
        }
        assertThat(previous).isNotNull();
    }

    @Test
    @DisplayName("Without --out the export goes to stdout; a closed pipe is not an error")
    void toStdout() throws Exception {
        Jar.Result r = Jar.run("export", SESSION, "--format", "claude-jsonl", "--journal", journal.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().map(l -> l.startsWith("{\"parentUuid\":")).distinct().toList()).containsExactly(true);
    }

    @Test
    @DisplayName("--help names the formats and the exit codes")
    void help() throws Exception {
        Jar.Result h = Jar.run("export", "--help");
        assertThat(h.exit()).isZero();
        assertThat(h.out()).contains("asciicast").contains("otlp-json").contains("claude-jsonl").contains("--otlp-endpoint")
                .contains("--include-content").contains("Exit codes:").contains("4   the OTLP endpoint");
        assertThat(Jar.run("--help").out()).contains("export");
    }

    @Test
    @DisplayName("Bad formats, endpoints and sessions are one line, exit 2; an endpoint nobody listens on is one line, exit 4")
    void errors() throws Exception {
        String root = journal.toString();
        oneLine(Jar.run("export", SESSION, "--format", "gif", "--journal", root), 2,
                "--format: 'gif' is not one of asciicast, otlp-json, claude-jsonl");
        oneLine(Jar.run("export", SESSION, "--journal", root), 2, "Missing required option: '--format=FORMAT'");
        oneLine(Jar.run("export", "session_nope", "--format", "asciicast", "--journal", root), 2, "no journal for session session_nope");
        oneLine(Jar.run("export", SESSION, "--format", "asciicast", "--otlp-endpoint", "http://127.0.0.1:4318", "--journal", root), 2,
                "--otlp-endpoint applies to --format otlp-json only");
        oneLine(Jar.run("export", SESSION, "--format", "otlp-json", "--otlp-endpoint", "ftp://127.0.0.1", "--journal", root), 2,
                "is not an http:// or https:// URL");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        oneLine(Jar.run("export", SESSION, "--format", "otlp-json", "--otlp-endpoint", "http://127.0.0.1:" + closed, "--journal", root),
                4, "exporting spans to http://127.0.0.1:" + closed + "/v1/traces failed");
        oneLine(Jar.run("export", SESSION, "--format", "asciicast", "--out", tmp.resolve("no/such/dir/x.cast").toString(),
                "--journal", root), 2, "cannot create");
    }

    private static Path export(String format, String file) throws Exception {
        Path out = tmp.resolve(file);
        Jar.Result r = Jar.run("export", SESSION, "--format", format, "--out", out.toString(), "--journal", journal.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).as("nothing but the file").isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(Files.readString(out)).as("the demo's token never leaves its process").doesNotContainPattern("demo-[0-9a-f]{8}-[0-9a-f]{4}-");
        return out;
    }

    private static void oneLine(Jar.Result r, int exit, String expected) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception").startsWith("blackbox: ").contains(expected);
    }
}
