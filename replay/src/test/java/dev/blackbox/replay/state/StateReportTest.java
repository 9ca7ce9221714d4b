package dev.blackbox.replay.state;

import dev.blackbox.replay.fixture.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StateReportTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("The state page shows status, connection, frames, permissions, cost, and the integrity verdict: sealed, intact")
    void page() {
        String id = Sessions.ROUGH.write(root);
        StateReport report = StateReport.of(root, id);
        assertThat(report.intact()).isTrue();
        assertThat(report.text()).contains("session_rough · stopped (unauthorized)", "integrity    sealed, intact: 39 entries",
                "2 connects · 1 reconnect · last close 4003", "22 received (2 replayed, 6 malformed) · 2 sent",
                "3 requested · 0 pending · allow 1 · deny 1 · cancelled 0 · timeout 1 · refused 1",
                "2 prompts posted · 2 results", "$0.002716 · tokens 204 in / 44 out");
        assertThat(report.tableRow()).contains("session_rough", "stopped", "2m 17s", "$0.0027").endsWith("  sealed");
        assertThat(report.tableRowJson().path("integrity").asText()).isEqualTo("sealed");
        assertThat(report.json().at("/integrity/verdict").asText()).isEqualTo("sealed");
    }

    @Test
    @DisplayName("A journal altered on disk shows integrity FAILED with the first bad seq, and the verdict tampered in lists")
    void tampered() throws Exception {
        String id = Sessions.ALLOW.write(root);
        Path cycle;
        try (Stream<Path> files = Files.list(root.resolve(id))) {
            cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] needle = "say hello".getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(cycle.toFile(), "rw")) {
            byte[] head = new byte[(int) Math.min(raf.length(), 1 << 20)];
            raf.readFully(head);
            int at = indexOf(head, needle);
            assertThat(at).isPositive();
            raf.seek(at);
            raf.write('S');
        }
        StateReport report = StateReport.of(root, id);
        assertThat(report.intact()).isFalse();
        assertThat(report.text()).contains("integrity    FAILED at seq");
        assertThat(report.json().at("/integrity/firstBadSeq").asLong()).isPositive();
        assertThat(report.tableRow()).endsWith("  tampered");
        assertThat(report.tableRowJson().path("integrity").asText()).isEqualTo("tampered");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
