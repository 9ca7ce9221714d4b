package dev.blackbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention, the access log and integrity on every read, from the jar: {@code prune}, {@code access}, {@code replay}, {@code export}. */
class AuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY_MICROS = 86_400L * 1_000_000;

    @TempDir
    Path tmp;

    /** A sealed journal whose entries were written {@code ageDays} days ago. */
    private static void recordAged(Path root, String session, int ageDays) {
        long[] clock = {System.currentTimeMillis() * 1000 - ageDays * DAY_MICROS};
        try (SessionJournal j = SessionJournal.open(root, session, JournalOptions.defaults().withClock(() -> clock[0]++))) {
            j.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, session, "org", "http://127.0.0.1:1",
                    false, "it", "localhost", "persistent"));
            for (int i = 0; i < 4; i++) {
                j.append(EntryKind.FRAME_RECEIVED, ("{\"type\":\"keep_alive\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            j.append(new JournalRecord.RecordingStopped("done"));
        }
    }

    private static Map<String, String> as(String user) {
        return Map.of("USER", user);
    }

    @Test
    @DisplayName("prune --older-than 30d: a dry run first, then the old journal is gone, its tombstone listed by sessions (text and JSON) and verified")
    void pruneLeavesTombstones() throws Exception {
        Path root = tmp.resolve("journal");
        String j = root.toString();
        recordAged(root, "s_old", 40);
        recordAged(root, "s_new", 1);

        Jar.Result dry = Jar.run(as("alice"), "prune", "--older-than", "30d", "--dry-run", "--journal", j);
        assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("would prune s_old: older than 30d (7 entries, ").contains("would prune 1, kept 1 (not old enough), refused 0");
        assertThat(root.resolve("s_old")).isDirectory();

        Jar.Result pruned = Jar.run(as("alice"), "prune", "--older-than", "30d", "--reason", "quarterly cleanup", "--journal", j);
        assertThat(pruned.exit()).as(pruned.out() + pruned.err()).isZero();
        assertThat(pruned.out()).contains("pruned s_old: quarterly cleanup (7 entries, ").contains(", sealed)");
        assertThat(root.resolve("s_old")).doesNotExist();

        Jar.Result sessions = Jar.run("sessions", "--journal", j);
        assertThat(sessions.exit()).as(sessions.err()).isZero();
        assertThat(sessions.out()).containsPattern("s_new +stopped .* sealed\\n")
                .containsPattern("s_old +pruned +20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z by alice@\\S+: quarterly cleanup; it was sealed, 7 entries")
                .contains("retention log: sealed, intact: 2 entries");

        JsonNode rows = JSON.readTree(Jar.run("sessions", "--json", "--journal", j).out());
        JsonNode tombstone = rows.get(1);
        assertThat(tombstone.path("sessionId").asText()).isEqualTo("s_old");
        assertThat(tombstone.path("status").asText()).isEqualTo("pruned");
        assertThat(tombstone.path("prunedBy").asText()).isEqualTo("alice");
        assertThat(tombstone.path("reason").asText()).isEqualTo("quarterly cleanup");
        assertThat(tombstone.path("entries").asLong()).isEqualTo(7);
        assertThat(tombstone.path("head").asText()).hasSize(64);
        assertThat(tombstone.path("verdictAtPrune").asText()).isEqualTo("sealed");
        assertThat(rows.get(0).path("integrity").asText()).isEqualTo("sealed");

        Jar.Result verify = Jar.run("verify", "--all", "--journal", j);
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).contains("s_new: sealed, intact").contains(".audit/retention: sealed, intact");

        Jar.Result replay = Jar.run("replay", "s_old", "--journal", j);
        assertThat(replay.exit()).isEqualTo(2);
        assertThat(replay.err().strip()).startsWith("blackbox: no journal for session s_old under ").contains(": it was pruned ")
                .contains(" by alice@").endsWith(": quarterly cleanup").doesNotContain("\n");
    }

    @Test
    @DisplayName("prune refuses a live journal even with --force, and an unsealed or tampered one without it, one line each, exit 1")
    void pruneRefusals() throws Exception {
        Path root = tmp.resolve("journal");
        String j = root.toString();
        recordAged(root, "s_unsealed", 40);
        JournalBytes.unseal(JournalBytes.cycleFile(root, "s_unsealed"));
        recordAged(root, "s_tampered", 40);
        Path tampered = JournalBytes.cycleFile(root, "s_tampered");
        JournalBytes.write(tampered, JournalBytes.excerpts(tampered).get(5) + 30, new byte[]{'#'});

        Jar.Result refused = Jar.run("prune", "--older-than", "30d", "--journal", j);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("kept s_unsealed: unsealed: its recorder stopped without sealing it (a crash or kill -9); "
                + "--force prunes it anyway").contains("kept s_tampered: tampered at seq 3: hash mismatch");
        assertThat(root.resolve("s_unsealed")).isDirectory();

        try (SessionJournal live = SessionJournal.open(root, "s_live")) {
            live.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
            Jar.Result forced = Jar.run("prune", "--session", "s_live", "--force", "--journal", j);
            assertThat(forced.exit()).isEqualTo(1);
            assertThat(forced.out()).contains("kept s_live: live: a recorder is writing it").contains("never pruned, even with --force");
        }
        Jar.Result forced = Jar.run("prune", "--older-than", "30d", "--force", "--journal", j);
        assertThat(forced.exit()).as(forced.out()).isZero();
        assertThat(forced.out()).contains("pruned s_tampered: older than 30d").contains("tampered, --force)")
                .contains("pruned s_unsealed: older than 30d");
        assertThat(root.resolve("s_live")).isDirectory();

        Jar.Result nothing = Jar.run("prune", "--journal", j);
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err().strip()).isEqualTo("blackbox: nothing to prune by: pass --older-than AGE or --session ID, or set retention.olderThan");
        Jar.Result bad = Jar.run("prune", "--older-than", "soon", "--journal", j);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("blackbox: --older-than is 'soon': expected an age such as 30d, 12h, 2w or P30D");
    }

    @Test
    @DisplayName("retention.olderThan is the rule of a bare 'prune'; a retention log altered on disk makes sessions exit 1 and say so")
    void configuredRuleAndTamperedLog() throws Exception {
        Path root = tmp.resolve("journal");
        String j = root.toString();
        recordAged(root, "s_old", 40);
        Jar.Result pruned = Jar.run(Map.of("BLACKBOX_RETENTION_OLDER_THAN", "30d", "USER", "cron"), "prune", "--journal", j);
        assertThat(pruned.exit()).as(pruned.out() + pruned.err()).isZero();
        assertThat(pruned.out()).contains("pruned s_old: older than 30d (retention.olderThan)");

        Path log = JournalBytes.cycleFile(root.resolve(".audit"), "retention");
        JournalBytes.write(log, JournalBytes.excerpts(log).get(3) + 40, new byte[]{'#'});
        Jar.Result sessions = Jar.run("sessions", "--journal", j);
        assertThat(sessions.exit()).as(sessions.out()).isEqualTo(1);
        assertThat(sessions.out()).contains("retention log: tampered at seq 1");
        Jar.Result verify = Jar.run("verify", "--all", "--journal", j);
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains(".audit/retention: tampered at seq 1");
    }

    @Test
    @DisplayName("A replay and an export each leave an access entry with who ($USER), the host, the command, format and range; access lists them")
    void accessLog() throws Exception {
        Path root = tmp.resolve("journal");
        String j = root.toString();
        JournalBytes.record(root, "s1", 3);
        JournalBytes.record(root, "s2", 3);
        assertThat(Jar.run(as("alice"), "replay", "s1", "--journal", j, "--from", "2", "--to", "4").exit()).isZero();
        Jar.Result export = Jar.run(as("bob"), "export", "s1", "--format", "asciicast", "--out", tmp.resolve("s1.cast").toString(),
                "--journal", j);
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).as("a verified journal exports quietly").isEmpty();
        assertThat(Jar.run(as("carol"), "replay", "s2", "--format", "jsonl", "--journal", j).exit()).isZero();

        Jar.Result access = Jar.run("access", "s1", "--journal", j);
        assertThat(access.exit()).as(access.err()).isZero();
        List<String> lines = access.out().lines().toList();
        assertThat(lines.get(0)).startsWith("WHEN").contains("WHO", "HOST", "COMMAND", "FORMAT", "RANGE");
        assertThat(lines.get(1)).containsPattern("alice +\\S+ +replay +text +2 to 4 +this host");
        assertThat(lines.get(2)).containsPattern("bob +\\S+ +export +asciicast +all +this host");
        assertThat(lines.get(3)).startsWith("access log: sealed, intact: 6 entries");
        assertThat(lines).hasSize(4);

        JsonNode rows = JSON.readTree(Jar.run("access", "--all", "--json", "--journal", j).out());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).path("sessionId").asText()).isEqualTo("s2");
        assertThat(rows.get(2).path("by").asText()).isEqualTo("carol");
        assertThat(rows.get(2).path("format").asText()).isEqualTo("jsonl");
        assertThat(rows.get(0).path("from").asText()).isEqualTo("2");
        assertThat(rows.get(0).path("host").asText()).isNotBlank();

        assertThat(Jar.run("access", "s_nobody", "--journal", j).out()).startsWith("nobody read session s_nobody");
    }

    @Test
    @DisplayName("When the access log cannot be written the replay still works and stderr says so in one line")
    void accessLogUnwritable() throws Exception {
        Path root = tmp.resolve("journal");
        JournalBytes.record(root, "s1", 3);
        Files.writeString(root.resolve(".audit"), "in the way");
        Jar.Result replay = Jar.run("replay", "s1", "--journal", root.toString(), "--color", "never");
        assertThat(replay.exit()).isZero();
        assertThat(replay.out()).startsWith("integrity verified: sealed, intact").contains("recording stopped: done");
        assertThat(replay.err().strip()).startsWith("blackbox: this replay is not in the access log: ").doesNotContain("\n");
    }

    @Test
    @DisplayName("A flipped byte: replay's first line is 'integrity FAILED at seq N', it stops before N and exits 1; --allow-tampered shows all, exit 0; export too")
    void tamperedReads() throws Exception {
        Path root = tmp.resolve("journal");
        String j = root.toString();
        JournalBytes.record(root, "s1", 5);
        Path cq4 = JournalBytes.cycleFile(root, "s1");
        JournalBytes.write(cq4, JournalBytes.excerpts(cq4).get(6) + 30, new byte[]{'#'}); // in seq 4

        Jar.Result replay = Jar.run("replay", "s1", "--journal", j, "--format", "json");
        assertThat(replay.exit()).isEqualTo(1);
        JsonNode doc = JSON.readTree(replay.out());
        assertThat(doc.at("/integrity/line").asText()).startsWith("integrity FAILED at seq 4: hash mismatch");
        assertThat(doc.path("entries")).hasSize(3);
        assertThat(replay.err().strip()).startsWith("blackbox: integrity FAILED at seq 4: hash mismatch")
                .endsWith("the transcript stops after seq 3 (--allow-tampered shows the rest)").doesNotContain("\n");

        Jar.Result text = Jar.run("replay", "s1", "--journal", j, "--color", "never");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out().lines().findFirst().orElseThrow()).startsWith("integrity FAILED at seq 4: hash mismatch");

        Jar.Result allowed = Jar.run("replay", "s1", "--journal", j, "--format", "json", "--allow-tampered");
        assertThat(allowed.exit()).isZero();
        assertThat(JSON.readTree(allowed.out()).path("entries")).hasSize(8);
        assertThat(allowed.err()).contains("all of it shown anyway (--allow-tampered)");

        Jar.Result export = Jar.run("export", "s1", "--format", "claude-jsonl", "--journal", j);
        assertThat(export.exit()).isEqualTo(1);
        assertThat(JSON.readTree(export.out().lines().findFirst().orElseThrow()).path("content").asText())
                .startsWith("integrity FAILED at seq 4");
        assertThat(export.err()).contains("the export stops after seq 3");
        assertThat(Jar.run("export", "s1", "--format", "claude-jsonl", "--journal", j, "--allow-tampered").exit()).isZero();

        JournalBytes.record(root, "s2", 3);
        JournalBytes.unseal(JournalBytes.cycleFile(root, "s2"));
        Jar.Result unsealed = Jar.run("replay", "s2", "--journal", j, "--color", "never");
        assertThat(unsealed.exit()).isZero();
        assertThat(unsealed.out()).startsWith("integrity unsealed: no seal and no recorder writing it");
        assertThat(unsealed.err().strip()).startsWith("blackbox: integrity unsealed: ");
        Jar.Result list = Jar.run("sessions", "--journal", j);
        assertThat(list.out()).containsPattern("s1 .* tampered\\n").containsPattern("s2 .* unsealed\\n");
    }
}
