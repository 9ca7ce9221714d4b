package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.SessionJournal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** `blackbox verify`, `keygen` and `sessions` from the jar: one line per journal, a distinct exit status per verdict. */
class VerifyIT {

    @TempDir
    Path tmp;

    private static void verdict(Jar.Result r, int exit, String line) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(exit);
        assertThat(r.out().strip()).doesNotContain("\n").startsWith(line);
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("Each verdict has its own exit status: sealed 0, tampered 1, unsealed 4, torn tail 5, live 6; --all gives the worst")
    void verdictsAndExitCodes() throws Exception {
        Path root = tmp.resolve("journal");
        JournalBytes.record(root, "s_sealed", 5);
        verdict(Jar.run("verify", "s_sealed", "--journal", root.toString()), 0, "s_sealed: sealed, intact: 8 entries");

        JournalBytes.record(root, "s_unsealed", 5);
        JournalBytes.unseal(JournalBytes.cycleFile(root, "s_unsealed"));
        verdict(Jar.run("verify", "s_unsealed", "--journal", root.toString()), 4,
                "s_unsealed: unsealed: no seal and no recorder writing it; the last entry is seq 7 (RECORDING_STOPPED");

        JournalBytes.record(root, "s_torn", 5);
        Path torn = JournalBytes.cycleFile(root, "s_torn");
        JournalBytes.unseal(torn);
        JournalBytes.tear(torn, 8);
        verdict(Jar.run("verify", "s_torn", "--journal", root.toString()), 5, "s_torn: torn tail: the write after seq 7 was interrupted");

        JournalBytes.record(root, "s_tampered", 5);
        Path tampered = JournalBytes.cycleFile(root, "s_tampered");
        JournalBytes.write(tampered, JournalBytes.excerpts(tampered).get(5) + 30, new byte[]{'#'});
        verdict(Jar.run("verify", "s_tampered", "--journal", root.toString()), 1, "s_tampered: tampered at seq 3: hash mismatch");

        try (SessionJournal live = SessionJournal.open(root, "s_live")) {
            live.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
            verdict(Jar.run("verify", "s_live", "--journal", root.toString()), 6,
                    "s_live: live: a recorder (pid " + ProcessHandle.current().pid() + ") is writing it; 1 entries so far");
            Jar.Result all = Jar.run("verify", "--all", "--journal", root.toString());
            assertThat(all.exit()).as("the worst: tampered").isEqualTo(1);
            assertThat(all.out().lines()).hasSize(5);
        }
        Files.delete(tampered);
        Jar.Result noTampered = Jar.run("verify", "--all", "--journal", root.toString());
        assertThat(noTampered.exit()).as(noTampered.out()).isEqualTo(1); // its data is gone now: still tampered
        assertThat(noTampered.out()).contains("s_tampered: tampered at seq 1: the journal's data is gone");
    }

    @Test
    @DisplayName("A session whose cycle file was deleted: verify SESSION, verify --all and sessions all report it, exit 1")
    void dataGone() throws Exception {
        Path root = tmp.resolve("journal");
        JournalBytes.record(root, "s_ok", 3);
        JournalBytes.record(root, "s_gone", 3);
        Files.delete(JournalBytes.cycleFile(root, "s_gone"));
        verdict(Jar.run("verify", "s_gone", "--journal", root.toString()), 1, "s_gone: tampered at seq 1: the journal's data is gone");
        Jar.Result all = Jar.run("verify", "--all", "--journal", root.toString());
        assertThat(all.exit()).isEqualTo(1);
        assertThat(all.out()).contains("s_gone: tampered at seq 1: the journal's data is gone").contains("s_ok: sealed, intact");
        Jar.Result sessions = Jar.run("sessions", "--journal", root.toString());
        assertThat(sessions.exit()).as(sessions.err()).isEqualTo(1);
        assertThat(sessions.out()).containsPattern("s_gone +no data .* DATA GONE").contains("s_ok").contains("data is gone");
    }

    @Test
    @DisplayName("verify on a read-only mount prints its one-line verdict and nothing else, for a sealed and a tampered journal")
    void readOnlyMount() throws Exception {
        Path root = tmp.resolve("journal");
        JournalBytes.record(root, "s_ok", 3);
        JournalBytes.record(root, "s_bad", 3);
        Path bad = JournalBytes.cycleFile(root, "s_bad");
        JournalBytes.write(bad, JournalBytes.excerpts(bad).get(4) + 30, new byte[]{'#'});
        Path view = tmp.resolve("ro");
        Mounts.readOnlyView(root, view);
        try {
            verdict(Jar.run("verify", "s_ok", "--journal", view.toString()), 0, "s_ok: sealed, intact");
            verdict(Jar.run("verify", "s_bad", "--journal", view.toString()), 1, "s_bad: tampered at seq 2");
        } finally {
            Mounts.unmount(view);
        }
    }

    @Test
    @DisplayName("An auditor's read-only copy: sessions, state, replay and export read it with no stack trace, and a replay says in one line why it is not in the access log")
    void readsOnAReadOnlyMount() throws Exception {
        Path root = tmp.resolve("journal");
        JournalBytes.record(root, "s_copy", 3);
        Path view = tmp.resolve("ro-reads");
        Mounts.readOnlyView(root, view);
        try {
            for (String[] command : new String[][]{{"sessions"}, {"state", "s_copy"}, {"replay", "s_copy"},
                    {"export", "s_copy", "--format", "claude-jsonl", "--out", tmp.resolve("copy.jsonl").toString()}}) {
                Jar.Result r = Jar.run(withJournal(command, view));
                assertThat(r.exit()).as(String.join(" ", command) + ": " + r.err()).isZero();
                assertThat(r.err()).as(String.join(" ", command)).doesNotContain("Exception").doesNotContain("\tat ")
                        .doesNotContain("WARN");
            }
            Jar.Result replay = Jar.run("replay", "s_copy", "--journal", view.toString());
            assertThat(replay.out()).contains("integrity verified: sealed, intact");
            assertThat(replay.err().strip()).isEqualTo("blackbox: this replay is not in the access log: cannot write the journal in "
                    + view + ": it is not writable (a read-only mount, or no permission)");
        } finally {
            Mounts.unmount(view);
        }
    }

    @Test
    @DisplayName("Reading a writable journal (sessions, state, replay, export) leaves every byte and mtime of its files as they were; only the access log grows")
    void readsNeverWriteTheJournal() throws Exception {
        Path root = tmp.resolve("journal");
        JournalBytes.record(root, "s_evidence", 3);
        Path session = root.resolve("s_evidence");
        Map<String, String> before = snapshot(session);
        for (String[] command : new String[][]{{"sessions"}, {"sessions", "--json"}, {"state", "s_evidence"},
                {"replay", "s_evidence"}, {"export", "s_evidence", "--format", "otlp-json", "--out", tmp.resolve("t.json").toString()}}) {
            Jar.Result r = Jar.run(withJournal(command, root));
            assertThat(r.exit()).as(String.join(" ", command) + ": " + r.err()).isZero();
            assertThat(snapshot(session)).as("after " + String.join(" ", command)).isEqualTo(before);
        }
        assertThat(root.resolve(".audit").resolve("access")).as("the replays were logged").isDirectory();
    }

    private static String[] withJournal(String[] command, Path root) {
        String[] args = Arrays.copyOf(command, command.length + 2);
        args[command.length] = "--journal";
        args[command.length + 1] = root.toString();
        return args;
    }

    /** Each file of a session directory: its size, mtime and SHA-256. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : paths.toList()) {
                byte[] bytes = Files.readAllBytes(p);
                files.put(p.getFileName().toString(), bytes.length + " " + Files.getLastModifiedTime(p).toMillis() + " "
                        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            }
        }
        return files;
    }

    @Test
    @DisplayName("keygen writes a key pair (private 0600); a journal signed with it verifies, replays, exports and states with --key, and not with another key")
    void keygenAndSignedVerify() throws Exception {
        Path keys = tmp.resolve("keys");
        Jar.Result made = Jar.run("keygen", "--out", keys.resolve("journal").toString());
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("key id ").contains("journal.signingKey: " + keys.resolve("journal.key"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("journal.key"))))
                .isEqualTo("rw-------");
        Jar.Result again = Jar.run("keygen", "--out", keys.resolve("journal").toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err().strip()).startsWith("blackbox: ").contains("already exists").doesNotContain("\n");

        Path root = tmp.resolve("journal");
        try (SessionJournal j = SessionJournal.open(root, "s_signed", JournalOptions.defaults().withSigningKey(keys.resolve("journal.key")))) {
            j.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
        }
        Jar.Result ok = Jar.run("verify", "s_signed", "--journal", root.toString(), "--key", keys.resolve("journal.pub").toString());
        verdict(ok, 0, "s_signed: sealed, intact: 2 entries, hash chain verified, every entry covered by checkpoints signed with key");
        Jar.run("keygen", "--out", keys.resolve("other").toString());
        Jar.Result wrong = Jar.run("verify", "s_signed", "--journal", root.toString(), "--key", keys.resolve("other.pub").toString());
        verdict(wrong, 1, "s_signed: tampered at seq 2: the checkpoint at seq 2 is signed by key");
        Jar.Result noKey = Jar.run(Map.of(), "verify", "s_signed", "--journal", root.toString(), "--key", keys.resolve("nope.pub").toString());
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).startsWith("blackbox: cannot read the public key");

        // what is shown is verified with the key too: replay, export and state take --key
        String pub = keys.resolve("journal.pub").toString();
        String other = keys.resolve("other.pub").toString();
        Jar.Result replayed = Jar.run("replay", "s_signed", "--journal", root.toString(), "--key", pub);
        assertThat(replayed.exit()).as(replayed.err()).isZero();
        assertThat(replayed.out().lines().findFirst().orElseThrow()).contains("integrity verified: sealed, intact")
                .contains("covered by checkpoints signed with key");
        Jar.Result replayWrong = Jar.run("replay", "s_signed", "--journal", root.toString(), "--key", other);
        assertThat(replayWrong.exit()).isEqualTo(1);
        assertThat(replayWrong.out().lines().findFirst().orElseThrow()).startsWith("integrity FAILED at seq 2");
        Jar.Result exportWrong = Jar.run("export", "s_signed", "--format", "claude-jsonl", "--journal", root.toString(), "--key", other);
        assertThat(exportWrong.exit()).isEqualTo(1);
        assertThat(exportWrong.out()).contains("integrity FAILED at seq 2");
        // a journal read from another node is checked by its chain alone: a key given for it is refused, not ignored
        for (String command : List.of("replay", "state")) {
            Jar.Result remote = Jar.run(command, "s_elsewhere", "--cluster", "--journal", root.toString(), "--key", pub);
            assertThat(remote.exit()).as(command).isEqualTo(2);
            assertThat(remote.err().strip()).as(command).isEqualTo("blackbox: --key and --witness check a journal's files on this"
                    + " host; a journal read from another node is checked by recomputing its chain here (run verify on the host that holds it)");
        }
        Jar.Result stateWrong = Jar.run("state", "s_signed", "--journal", root.toString(), "--key", other);
        assertThat(stateWrong.exit()).isEqualTo(1);
        assertThat(stateWrong.out()).contains("integrity    FAILED at seq 2: the checkpoint at seq 2 is signed by key");
    }
}
