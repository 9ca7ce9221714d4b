package dev.blackbox.cli;

import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `record --metrics-port 0` and `console --metrics-port 0` from the runnable jar, piped as a service manager would run them. */
@ExtendWith(VertxExtension.class)
class MetricsIT {

    static final String TOKEN = "sk-ant-oat01-METRICS-IT-secret-value";
    static final String ORG = "0b6f0000-1111-4222-8333-4444555566cc";
    static final String SESSION = "session_metrics_it";
    static final Pattern METRICS_URL = Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics");
    static final String TIME = "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static String baseUrl(Path stderr) throws IOException {
        Matcher m = METRICS_URL.matcher(read(stderr));
        return m.find() ? m.group(1) : null;
    }

    @Test
    @DisplayName("A piped record says each connection change in a line with the time, and serves /metrics and /readiness on loopback")
    void record(Vertx vertx) throws Throwable {
        Scenario scenario = Scenario.parse("metrics-it", String.join("\n",
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"uuid\":\"${uuid}\"}}",
                "{\"await_user_message\":{}}",
                "{\"close\":{\"code\":1001,\"reason\":\"deploy\"}}",
                "{\"send\":{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":1,\"result\":\"done\",\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}",
                "{\"await_user_message\":{}}",
                "{\"stop\":{}}"));
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, SESSION, scenario)).await();
        Path root = tmp.resolve("journal");
        Path err = tmp.resolve("record.err");
        Process p = Jar.start(Map.of("BB_IT_TOKEN", TOKEN), tmp.resolve("record.out"), err, "record", "--base-url", sim.baseUrl(),
                "--session", SESSION, "--org", ORG, "--token-env", "BB_IT_TOKEN", "--journal", root.toString(),
                "--prompt", "go on", "--metrics-port", "0");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> baseUrl(err) != null);
            String base = baseUrl(err);
            await().atMost(Duration.ofSeconds(60)).until(() -> read(err).contains("connected (attempt 2)"));
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base + "/readiness").statusCode() == 200);
            List<String> lines = read(err).lines().filter(l -> l.contains(" session " + SESSION + " ")).toList();
            assertThat(lines.stream().map(l -> l.replaceFirst("^blackbox: " + TIME + " session " + SESSION + " ", "")
                    .replaceFirst(" in \\d+ ms", " in N ms")).toList()).as(read(err)).containsExactly(
                    "connecting (attempt 1)", "connected (attempt 1)", "reconnecting in N ms (attempt 1, going_away): close 1001, deploy",
                    "connecting (attempt 2)", "connected (attempt 2)");
            assertThat(lines).allSatisfy(l -> assertThat(l).matches("blackbox: " + TIME + " session " + SESSION + " .*"));

            JsonObject ready = new JsonObject(get(base + "/readiness").body());
            assertThat(ready.getString("outcome")).isEqualTo("UP");
            assertThat(ready.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")).toList())
                    .contains("session." + SESSION + ".connection", "session." + SESSION + ".journal", "session." + SESSION + ".bus");
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base + "/metrics").body()
                    .contains("blackbox_frames_received_total{session=\"" + SESSION + "\",type=\"result\"} 1.0"));
            String metrics = get(base + "/metrics").body();
            assertThat(metrics).contains("blackbox_reconnects_total{cause=\"going_away\",session=\"" + SESSION + "\"} 1.0")
                    .contains("blackbox_frames_sent_total{session=\"" + SESSION + "\",type=\"user\"} 1.0")
                    .contains("blackbox_journal_append_seconds_bucket").contains("vertx_http_client").contains("jvm_memory_used_bytes")
                    .doesNotContain(TOKEN);
            assertThat(get(base + "/health").statusCode()).isEqualTo(200);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(read(err)).isZero();
        } finally {
            p.destroyForcibly();
        }
        int framesSent = sim.sentTexts(SESSION).size();
        sim.stop().await();
        assertThat(read(err)).containsPattern("session " + SESSION + " disconnected: recording stopped").doesNotContain(TOKEN);

        Jar.Result sessions = Jar.run("sessions", "--json", "--journal", root.toString());
        assertThat(sessions.exit()).as(sessions.err()).isZero();
        JsonArray rows = new JsonArray(sessions.out());
        assertThat(rows).hasSize(1);
        JsonObject row = rows.getJsonObject(0);
        assertThat(row.getString("sessionId")).isEqualTo(SESSION);
        assertThat(row.getString("integrity")).isEqualTo("sealed");
        assertThat(row.getLong("framesReceived")).isEqualTo(framesSent);
        assertThat(row.fieldNames()).contains("status", "durationMs", "pending", "decisions", "costUsd");
    }

    @Test
    @DisplayName("console --metrics-port 0 serves readiness for the console and its journal root")
    void console() throws Throwable {
        Path root = Files.createDirectories(tmp.resolve("journal"));
        Path err = tmp.resolve("console.err");
        Process p = Jar.start(Map.of(), tmp.resolve("console.out"), err, "console", "--port", "0", "--journal", root.toString(),
                "--metrics-port", "0");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> baseUrl(err) != null);
            String base = baseUrl(err);
            HttpResponse<String> ready = get(base + "/readiness");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"console\"").contains("\"journal.root\"");
            assertThat(get(base + "/metrics").body()).contains("blackbox_journal_free_bytes{root=\"" + root + "\"}")
                    .contains("vertx_http_server");
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(read(err)).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
