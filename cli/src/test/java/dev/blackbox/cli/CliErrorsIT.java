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
    @DisplayName("A missing argument is one clean line that says error once")
    void missingArgumentSaysErrorOnce() throws Exception {
        Jar.Result r = Jar.run("verify");
        oneLine(r, 2, "blackbox: Missing required argument (specify one of these): (SESSION | --all) (see 'blackbox verify --help')");
        assertThat(r.err()).doesNotContainIgnoringCase("error");
    }

    @Test
    @DisplayName("The command list shows one short sentence per command, each on one line, and every --help has exit codes")
    void helpWrapsCleanly() throws Exception {
        Jar.Result h = Jar.run("--help");
        assertThat(h.exit()).isZero();
        java.util.List<String> listed = h.out().lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
                .takeWhile(l -> !l.isBlank()).toList();
        assertThat(listed).hasSizeGreaterThanOrEqualTo(14).allSatisfy(l -> assertThat(l).matches("  [a-z-]+ +[A-Z][^.]*\\."));
        assertThat(listed).anySatisfy(l -> assertThat(l).startsWith("  generate-completion "));
        for (String[] command : new String[][]{{"demo"}, {"permissions"}, {"permissions", "list"}, {"permissions", "watch"},
                {"generate-completion"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Jar.Result help = Jar.run(args);
            assertThat(help.exit()).isZero();
            assertThat(help.out()).as(String.join(" ", command)).contains("Exit codes:");
        }
    }

    @Test
    @DisplayName("generate-completion prints a bash/zsh script that bash accepts and that completes the subcommands")
    void completion() throws Exception {
        Jar.Result r = Jar.run("generate-completion");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F")
                .contains("sessions").contains("record").contains("permissions").contains("approve").contains("--metrics-port");
        Path script = Files.writeString(tmp.resolve("blackbox-completion.bash"), r.out());
        Process bash = new ProcessBuilder("bash", "-c", "source " + script + " && complete -p blackbox").redirectErrorStream(true).start();
        String said = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(said).isZero();
        assertThat(said).contains("blackbox");
    }

    @Test
    @DisplayName("sessions --json prints a JSON array, empty when there are no sessions")
    void sessionsJsonEmpty() throws Exception {
        Jar.Result r = Jar.run("sessions", "--json", "--journal", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(new io.vertx.core.json.JsonArray(r.out())).isEmpty();
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

    @Test
    @DisplayName("Every command reads the journal directory the same way: --config and BLACKBOX_CONFIG reach the readers too")
    void configEverywhere() throws Exception {
        Path journal = Files.createDirectories(tmp.resolve("from-config").resolve("journal"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere").resolve("journal"));
        Path config = Files.writeString(tmp.resolve("blackbox.yaml"), "journal:\n  dir: " + journal + "\n");
        Jar.Result viaFlag = Jar.run("sessions", "--config", config.toString());
        assertThat(viaFlag.exit()).as(viaFlag.err()).isZero();
        assertThat(viaFlag.out()).contains("no sessions under " + journal);
        Jar.Result viaEnv = Jar.run(Map.of("BLACKBOX_CONFIG", config.toString()), "sessions");
        assertThat(viaEnv.out()).contains("no sessions under " + journal);
        Jar.Result flagWins = Jar.run(Map.of("BLACKBOX_CONFIG", config.toString()), "sessions", "--journal", elsewhere.toString());
        assertThat(flagWins.out()).contains("no sessions under " + elsewhere);
        Path misspelt = Files.writeString(tmp.resolve("misspelt.yaml"), "journal:\n  dirr: /tmp/x\n");
        oneLine(Jar.run("verify", "--all", "--config", misspelt.toString()), 2, "journal.dirr: unknown key; did you mean journal.dir?");
    }

    @Test
    @DisplayName("A base URL the recorder could never connect to is refused before any journal is created")
    void badBaseUrl() throws Exception {
        Path journal = tmp.resolve("never");
        oneLine(Jar.run(Map.of("T", "x"), "record", "--session", "s1", "--org", "o", "--token-env", "T",
                "--base-url", "http://127.0.0.1:99999", "--journal", journal.toString()), 2, "port 99999 is out of range");
        assertThat(journal).doesNotExist();
    }
}
