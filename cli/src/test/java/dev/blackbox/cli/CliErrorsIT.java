package dev.blackbox.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets one line that says what is wrong and how to mend it, exit 2, never a stack trace. */
class CliErrorsIT {

    @TempDir
    Path tmp;

    private static void oneLine(Jar.Result r, int exit, String expected) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception").startsWith("blackbox: ").contains(expected);
    }

    @Test
    @DisplayName("A missing journal directory, an unknown session and a bad argument are one line each, exit 2")
    void usageErrors() throws Exception {
        oneLine(Jar.run("sessions", "--journal", tmp.resolve("nope").toString()), 2, "does not exist; pass --journal DIR");
        oneLine(Jar.run("verify", "session_x", "--journal", tmp.toString()), 2, "no journal for session session_x");
        oneLine(Jar.run("verify", "../etc", "--journal", tmp.toString()), 2, "invalid session id");
        oneLine(Jar.run("verify"), 2, "Missing required argument");
        oneLine(Jar.run("bogus"), 2, "Unmatched argument");
        oneLine(Jar.run("record", "--session", "s1", "--org", "o", "--base-url", "http://127.0.0.1:9", "--token-env", "BLACKBOX_IT_UNSET"),
                2, "environment variable BLACKBOX_IT_UNSET is not set");
        oneLine(Jar.run("record", "--org", "o"), 2, "no session to record");
        oneLine(Jar.run("record", "--session", "s1", "--org", "o", "--reconnect", "sometimes"), 2, "reconnect mode 'sometimes'");
    }

    @Test
    @DisplayName("A bad config value or policy rule is one line naming the key or the rule")
    void configAndPolicyErrors() throws Exception {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "reconnect:\n  giveUpAfter: forever\n");
        oneLine(Jar.run(Map.of("T", "x"), "record", "--session", "s1", "--org", "o", "--token-env", "T", "--config", config.toString()),
                2, "config key 'reconnect.giveUpAfter' is 'forever'");
        Path policy = tmp.resolve("policy.json");
        Files.writeString(policy, "{\"rules\":[{\"name\":\"x\",\"tool\":\"Bash\",\"input\":{\"command\":\"([\"},\"decision\":\"deny\"}]}");
        oneLine(Jar.run(Map.of("T", "x"), "record", "--session", "s1", "--org", "o", "--token-env", "T", "--base-url", "http://127.0.0.1:9",
                "--journal", tmp.toString(), "--policy", policy.toString()), 2, "policy rule 1 ('x'): input.command is not a valid regex");
    }

    @Test
    @DisplayName("--version and --help work from the jar")
    void versionAndHelp() throws Exception {
        Jar.Result v = Jar.run("--version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("blackbox ").contains("journal format 2");
        Jar.Result h = Jar.run("record", "--help");
        assertThat(h.exit()).isZero();
        assertThat(h.out()).contains("Exit codes:").contains("--token-env").contains("--viewer-only");
    }
}
