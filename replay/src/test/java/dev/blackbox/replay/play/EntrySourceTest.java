package dev.blackbox.replay.play;

import dev.blackbox.journal.JournalEntry;
import dev.blackbox.replay.fixture.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntrySourceTest {

    @TempDir
    Path root;

    private List<Long> seqs(String id, String from, String to) throws Exception {
        List<Long> out = new ArrayList<>();
        try (EntrySource s = EntrySource.open(root, id, from == null ? null : Bound.parse("--from", from),
                to == null ? null : Bound.parse("--to", to), false, EntrySource.Waiter.BACKOFF)) {
            for (JournalEntry e = s.next(); e != null; e = s.next()) {
                out.add(e.seq());
            }
        }
        return out;
    }

    @Test
    @DisplayName("--from/--to take a seq, an instant or an offset from the start, both ends inclusive")
    void bounds() throws Exception {
        String id = Sessions.ALLOW.write(root); // 15 entries over 5.24 s from 07:00:00Z, and the seal
        assertThat(seqs(id, null, null)).hasSize(16).startsWith(1L).endsWith(16L);
        assertThat(seqs(id, "3", "5")).containsExactly(3L, 4L, 5L);
        assertThat(seqs(id, "+4.29s", null)).startsWith(10L);
        assertThat(seqs(id, "2026-11-24T07:00:04.740Z", "2026-11-24T07:00:04.740Z")).containsExactly(14L);
        assertThat(seqs(id, "+00:04.290", "+4s290ms")).containsExactly(10L, 11L);
        assertThat(seqs(id, "20", null)).isEmpty();
    }

    @Test
    @DisplayName("Bounds that are neither seq, instant nor offset are refused with an example of each")
    void badBounds() {
        assertThatThrownBy(() -> Bound.parse("--from", "yesterday")).hasMessageContaining("--from: 'yesterday'")
                .hasMessageContaining("+1m30s");
        assertThatThrownBy(() -> Bound.parse("--to", "0")).hasMessageContaining("start at 1");
        assertThat(Bound.parse("--to", "+1h2m3.5s")).isEqualTo(new Bound.Offset(3_723_500_000L));
        assertThat(Bound.parse("--to", "+250ms")).isEqualTo(new Bound.Offset(250_000L));
    }
}
