package dev.blackbox.recorder.local;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which CLI a local session starts, and what RECORDING_STARTED may say about its arguments. */
class ClaudeCliTest {

    @TempDir
    Path dir;

    private Path executable(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\necho '2.1.330 (Claude Code)'\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    @Test
    @DisplayName("--cli wins over BLACKBOX_CLAUDE_CLI, which wins over claude on PATH")
    void precedence() throws Exception {
        Path given = executable(dir.resolve("given/claude"));
        Path fromEnv = executable(dir.resolve("env/claude"));
        Path onPath = executable(dir.resolve("path/claude"));
        Map<String, String> env = Map.of("BLACKBOX_CLAUDE_CLI", fromEnv.toString(), "PATH", onPath.getParent().toString());
        assertThat(ClaudeCli.resolve(given.toString(), env, null)).isEqualTo(given);
        assertThat(ClaudeCli.resolve(null, env, null)).isEqualTo(fromEnv);
        assertThat(ClaudeCli.resolve(null, Map.of("PATH", "/nowhere:" + onPath.getParent()), null)).isEqualTo(onPath);
        assertThat(ClaudeCli.version(given)).isEqualTo("2.1.330");
    }

    @Test
    @DisplayName("blackbox-claude installed as claude never finds itself: the real one later on PATH is taken, or the error says so")
    void neverItself() throws Exception {
        Path self = executable(dir.resolve("bin/blackbox-claude"));
        Path shim = Files.createDirectories(dir.resolve("shim")).resolve("claude");
        Files.createSymbolicLink(shim, self);
        Path real = executable(dir.resolve("real/claude"));
        assertThat(ClaudeCli.resolve(null, Map.of("PATH", shim.getParent() + ":" + real.getParent()), self)).isEqualTo(real);
        assertThatThrownBy(() -> ClaudeCli.resolve(null, Map.of("PATH", shim.getParent().toString()), self))
                .hasMessage("no Claude Code CLI: 'claude' is not on PATH (besides blackbox-claude itself); install it, or set BLACKBOX_CLAUDE_CLI to its path");
        assertThatThrownBy(() -> ClaudeCli.resolve(null, Map.of("BLACKBOX_CLAUDE_CLI", shim.toString()), self))
                .hasMessage("BLACKBOX_CLAUDE_CLI names blackbox-claude itself (" + shim + "): point it at the real claude");
    }

    @Test
    @DisplayName("A missing or non-executable CLI is one line naming where it came from")
    void notUsable() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "not a program");
        assertThatThrownBy(() -> ClaudeCli.resolve(dir.resolve("nope").toString(), Map.of(), null))
                .hasMessage("the Claude Code CLI '" + dir.resolve("nope") + "' (--cli) does not exist");
        assertThatThrownBy(() -> ClaudeCli.resolve(null, Map.of("BLACKBOX_CLAUDE_CLI", plain.toString()), null))
                .hasMessage("the Claude Code CLI '" + plain + "' (BLACKBOX_CLAUDE_CLI) is not an executable file");
    }

    @Test
    @DisplayName("The journaled argv keeps every flag but replaces the values of --mcp-config and --settings (MCP servers' env and headers) by their size")
    void argvWithoutSecrets() {
        List<String> argv = List.of("--output-format", "stream-json", "--mcp-config", "{\"mcpServers\":{\"x\":{\"env\":{\"TOKEN\":\"s3cret\"}}}}",
                "b.json", "--settings={\"env\":{\"K\":\"v\"}}", "--model=claude-opus-5-5", "--verbose");
        assertThat(WorkerCommand.argvForJournal(argv)).containsExactly("--output-format", "stream-json", "--mcp-config",
                "<not journaled: 47 characters>", "<not journaled: 6 characters>", "--settings=<not journaled: 17 characters>",
                "--model=claude-opus-5-5", "--verbose");
    }
}
