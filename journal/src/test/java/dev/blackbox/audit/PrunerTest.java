package dev.blackbox.audit;

import dev.blackbox.audit.Pruner.Action;
import dev.blackbox.audit.Pruner.Outcome;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord.SessionPruned;
import dev.blackbox.journal.JournalVerifier.Status;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.SessionJournal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PrunerTest {

    @TempDir
    Path root;

    private static Pruner.Settings settings(boolean dryRun, boolean force) {
        return new Pruner.Settings(dryRun, force, "alice", "box1", System.currentTimeMillis() * 1000,
                JournalVerifier.Options.none(), JournalOptions.defaults());
    }

    private static Pruner.Rule olderThan30d() {
        return new Pruner.Rule(Duration.ofDays(30), Set.of(), "older than 30d (--older-than)");
    }

    private List<Outcome> prune(Pruner.Rule rule, boolean dryRun, boolean force) {
        return Pruner.prune(root, rule, settings(dryRun, force));
    }

    private static Outcome of(List<Outcome> outcomes, String id) {
        return outcomes.stream().filter(o -> o.sessionId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("An old sealed journal is deleted and leaves a tombstone (time range, entries, head hash, verdict, who, why); a recent one is kept")
    void prunesOldKeepsNew() {
        Journals.write(root, "s_old", 5, 40);
        Journals.write(root, "s_new", 5, 1);
        List<Outcome> outcomes = prune(olderThan30d(), false, false);

        assertThat(of(outcomes, "s_old").action()).isEqualTo(Action.PRUNED);
        assertThat(of(outcomes, "s_new").action()).isEqualTo(Action.KEPT);
        assertThat(of(outcomes, "s_new").why()).startsWith("newer than 30d");
        assertThat(root.resolve("s_old")).doesNotExist();
        assertThat(root.resolve("s_new")).isDirectory();

        List<AuditLogs.Logged<SessionPruned>> tombstones = RetentionLog.tombstones(root);
        assertThat(tombstones).hasSize(1);
        SessionPruned t = tombstones.get(0).record();
        assertThat(t.sessionId()).isEqualTo("s_old");
        assertThat(t.entries()).isEqualTo(8); // started, 5 frames, stopped, seal
        assertThat(t.head()).hasSize(64);
        assertThat(t.run()).hasSize(64).isNotEqualTo(t.head());
        assertThat(t.firstTs()).isLessThan(t.lastTs());
        assertThat(System.currentTimeMillis() * 1000 - t.lastTs()).isGreaterThan(39 * Journals.DAY_MICROS);
        assertThat(t.verdict()).isEqualTo("sealed");
        assertThat(t.verdictDetail()).startsWith("sealed, intact: 8 entries");
        assertThat(t.prunedBy()).isEqualTo("alice");
        assertThat(t.host()).isEqualTo("box1");
        assertThat(t.reason()).isEqualTo("older than 30d (--older-than)");
        assertThat(t.forced()).isFalse();

        JournalVerifier.Result log = RetentionLog.verify(root);
        assertThat(log.status()).as(log.describe()).isEqualTo(Status.SEALED);
        assertThat(log.sessionId()).isEqualTo(".audit/retention");
    }

    @Test
    @DisplayName("A dry run names what would be pruned and deletes nothing, nor writes a tombstone")
    void dryRun() {
        Journals.write(root, "s_old", 3, 40);
        Outcome o = prune(olderThan30d(), true, false).get(0);
        assertThat(o.action()).isEqualTo(Action.WOULD_PRUNE);
        assertThat(o.tombstone().entries()).isEqualTo(6);
        assertThat(root.resolve("s_old")).isDirectory();
        assertThat(RetentionLog.tombstones(root)).isEmpty();
        assertThat(RetentionLog.verify(root)).isNull();
    }

    @Test
    @DisplayName("A live journal is refused, even with --force, and saying why; nothing is journaled for it")
    void liveNeverPruned() {
        try (SessionJournal live = SessionJournal.open(root, "s_live")) {
            live.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
            Outcome o = Pruner.prune(root, new Pruner.Rule(null, Set.of("s_live"), "asked for"), settings(false, true)).get(0);
            assertThat(o.action()).isEqualTo(Action.REFUSED);
            assertThat(o.why()).startsWith("live: a recorder is writing it").contains("never pruned, even with --force");
        }
        assertThat(root.resolve("s_live")).isDirectory();
        assertThat(RetentionLog.tombstones(root)).isEmpty();
    }

    @Test
    @DisplayName("Unsealed and tampered journals are refused without --force (one line each), pruned with it, the tombstone saying so")
    void notSealedNeedsForce() throws Exception {
        Journals.write(root, "s_unsealed", 3, 40);
        Journals.unseal(root.resolve("s_unsealed"));
        Journals.write(root, "s_tampered", 3, 40);
        Journals.flip(root.resolve("s_tampered"), "frame 1 of s_tampered");

        List<Outcome> refused = prune(olderThan30d(), false, false);
        assertThat(of(refused, "s_unsealed").action()).isEqualTo(Action.REFUSED);
        assertThat(of(refused, "s_unsealed").why()).startsWith("unsealed: ").endsWith("--force prunes it anyway").doesNotContain("\n");
        assertThat(of(refused, "s_tampered").action()).isEqualTo(Action.REFUSED);
        assertThat(of(refused, "s_tampered").why()).startsWith("tampered at seq 3: hash mismatch").contains("--force").doesNotContain("\n");
        assertThat(root.resolve("s_unsealed")).isDirectory();
        assertThat(root.resolve("s_tampered")).isDirectory();
        assertThat(RetentionLog.tombstones(root)).isEmpty();

        List<Outcome> forced = prune(olderThan30d(), false, true);
        assertThat(forced).extracting(Outcome::action).containsOnly(Action.PRUNED);
        assertThat(root.resolve("s_unsealed")).doesNotExist();
        assertThat(root.resolve("s_tampered")).doesNotExist();
        List<SessionPruned> tombstones = RetentionLog.tombstones(root).stream().map(AuditLogs.Logged::record).toList();
        assertThat(tombstones).extracting(SessionPruned::sessionId).containsExactly("s_tampered", "s_unsealed");
        assertThat(tombstones).allMatch(SessionPruned::forced);
        assertThat(tombstones.get(0).verdict()).isEqualTo("tampered");
        assertThat(tombstones.get(0).verdictDetail()).startsWith("tampered at seq 3: hash mismatch");
        assertThat(tombstones.get(1).verdict()).isEqualTo("unsealed");
    }

    @Test
    @DisplayName("When the tombstone cannot be journaled, nothing is deleted")
    void noTombstoneNoDelete() throws Exception {
        Journals.write(root, "s_old", 3, 40);
        Files.writeString(root.resolve(AuditLogs.DIR), "not a directory");
        Outcome o = prune(olderThan30d(), false, false).get(0);
        assertThat(o.action()).isEqualTo(Action.FAILED);
        assertThat(o.why()).startsWith("not pruned: the retention log cannot be written");
        assertThat(root.resolve("s_old")).isDirectory();
        assertThat(JournalVerifier.verify(root, "s_old").status()).isEqualTo(Status.SEALED);
    }

    @Test
    @DisplayName("The retention log is a journal of its own: a flipped byte in a tombstone is found by the verifier")
    void retentionLogIsTamperEvident() throws Exception {
        Journals.write(root, "s_old", 3, 40);
        Journals.write(root, "s_older", 3, 50);
        prune(olderThan30d(), false, false);
        assertThat(RetentionLog.tombstones(root)).hasSize(2);
        Journals.flip(AuditLogs.root(root).resolve(AuditLogs.RETENTION), "s_older");
        JournalVerifier.Result r = RetentionLog.verify(root);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.describe()).startsWith(".audit/retention: tampered at seq");
        assertThat(AuditLogs.verify(root, JournalVerifier.Options.none())).extracting(JournalVerifier.Result::status)
                .containsExactly(Status.TAMPERED);
    }

    @Test
    @DisplayName("Sessions named on the command line are pruned whatever their age; an unknown one is refused, a pruned one says when and by whom")
    void byName() {
        Journals.write(root, "s_a", 2, 0);
        Pruner.Rule named = new Pruner.Rule(null, Set.of("s_a", "s_nope"), "cleanup");
        List<Outcome> first = Pruner.prune(root, named, settings(false, false));
        assertThat(of(first, "s_a").action()).isEqualTo(Action.PRUNED);
        assertThat(of(first, "s_nope").why()).startsWith("no journal for session s_nope");
        Outcome again = Pruner.prune(root, new Pruner.Rule(null, Set.of("s_a"), "cleanup"), settings(false, false)).get(0);
        assertThat(again.action()).isEqualTo(Action.REFUSED);
        assertThat(again.why()).startsWith("already pruned ").endsWith(" by alice@box1");
    }

    @Test
    @DisplayName("Ages are written as 30d, 12h, 2w or ISO-8601; anything else is one line naming the option")
    void ages() {
        assertThat(Age.parse("--older-than", "30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Age.parse("--older-than", "2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Age.parse("--older-than", "12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Age.parse("retention.olderThan", "P7D")).isEqualTo(Duration.ofDays(7));
        assertThat(Age.describe(Duration.ofDays(30))).isEqualTo("30d");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Age.parse("--older-than", "soon"))
                .hasMessage("--older-than is 'soon': expected an age such as 30d, 12h, 2w or P30D");
    }
}
