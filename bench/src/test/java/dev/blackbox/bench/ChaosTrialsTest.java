package dev.blackbox.bench;

import dev.blackbox.journal.JournalVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A handful of the chaos trials of bench/chaos.sh (which runs 100): kill -9 mid-stream, verify, restart. */
class ChaosTrialsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("Three kill -9 trials on one journal, verified all along: live while appending, never tampered, nothing acknowledged lost, each restart resumes the sequence")
    void threeTrials() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ChaosTrials.Summary s = new ChaosTrials(new ChaosTrials.Options(3, 7, 100, 600, 3, dir, false, 0, 1),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run();
        String trials = log.toString(StandardCharsets.UTF_8);
        assertThat(s.failed()).as(trials).isZero();
        assertThat(s.trials()).hasSize(3).allSatisfy(t -> {
            assertThat(t.verdict().status()).isIn(JournalVerifier.Status.UNSEALED, JournalVerifier.Status.TORN_TAIL,
                    JournalVerifier.Status.SEALED);
            assertThat(t.acknowledged()).isPositive();
            assertThat(t.verdict().entries()).isGreaterThanOrEqualTo(t.acknowledged());
        });
    }
}
