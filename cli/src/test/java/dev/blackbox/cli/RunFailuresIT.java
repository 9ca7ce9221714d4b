package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code blackbox run} with a worker that is missing, dies at once or never answers: one line, a documented status, its stderr. */
class RunFailuresIT {

    @TempDir
    Path dir;
    private OfflineClaude offline;

    @BeforeEach
    void start() throws Exception {
        offline = new OfflineClaude(dir);
    }

    @AfterEach
    void stop() {
        offline.close();
    }

    @Test
    @DisplayName("A CLI that is missing: exit 7 with one line, whether named by --cli or looked for on PATH; no journal is created")
    void missing() throws Exception {
        Process named = offline.jar(Map.of(), "named", "run", "--cli", dir.resolve("no-such-claude").toString(),
                "--journal", offline.journal.toString(), "--prompt", "hi");
        assertThat(offline.awaitExit(named, "named")).isEqualTo(7);
        assertThat(offline.err("named")).isEqualTo("blackbox: the Claude Code CLI '" + dir.resolve("no-such-claude")
                + "' (--cli) does not exist\n");

        Process onPath = offline.jar(Map.of("PATH", dir.toString()), "onpath", "run", "--journal", offline.journal.toString(), "--prompt", "hi");
        assertThat(offline.awaitExit(onPath, "onpath")).isEqualTo(7);
        assertThat(offline.err("onpath")).startsWith("blackbox: no Claude Code CLI: 'claude' is not on PATH").hasLineCount(1);
        assertThat(Files.exists(offline.journal)).isFalse();
    }

    @Test
    @DisplayName("A CLI that exits at once: exit 8, one line saying so and the worker's stderr; the journal has its stderr and exit")
    void exitsAtOnce() throws Exception {
        Path cli = offline.script("broken-claude", "echo \"claude: cannot read ~/.claude/settings.json\" >&2\nexit 3\n");
        Process run = offline.jar(Map.of(), "run", "run", "--cli", cli.toString(), "--journal", offline.journal.toString(),
                "--session", "local_broken", "--prompt", "hi");
        assertThat(offline.awaitExit(run, "run")).isEqualTo(8);
        assertThat(offline.err("run")).contains("blackbox: session local_broken: the worker exited with status 3 before answering initialize\n"
                + "blackbox: the worker's last stderr lines:\n  claude: cannot read ~/.claude/settings.json\n")
                .doesNotContain("Exception");
        List<JournalEntry> entries = offline.journal("local_broken");
        assertThat(OfflineClaude.has(entries, EntryKind.WORKER_STDERR, "cannot read")).isTrue();
        JsonObject exited = entries.stream().filter(e -> e.kind() == EntryKind.WORKER_EXITED).map(e -> new JsonObject(e.payloadText()))
                .findFirst().orElseThrow();
        assertThat(exited.getInteger("exitCode")).isEqualTo(3);
        Jar.Result verify = Jar.run("verify", "local_broken", "--journal", offline.journal.toString());
        assertThat(verify.exit()).isZero();
    }

    @Test
    @DisplayName("A CLI that never answers initialize: exit 9 after --init-timeout, the worker stopped with SIGTERM")
    void neverAnswers() throws Exception {
        Path cli = offline.script("silent-claude", "echo 'waiting for nothing' >&2\nexec sleep 600\n");
        Process run = offline.jar(Map.of(), "run", "run", "--cli", cli.toString(), "--journal", offline.journal.toString(),
                "--session", "local_silent", "--init-timeout", "PT2S", "--prompt", "hi");
        assertThat(offline.awaitExit(run, "run")).isEqualTo(9);
        assertThat(offline.err("run")).contains("blackbox: session local_silent: the worker did not answer initialize within 2s\n")
                .contains("  waiting for nothing");
        JsonObject exited = offline.journal("local_silent").stream().filter(e -> e.kind() == EntryKind.WORKER_EXITED)
                .map(e -> new JsonObject(e.payloadText())).findFirst().orElseThrow();
        assertThat(exited.getString("signal")).isEqualTo("SIGTERM");
    }
}
