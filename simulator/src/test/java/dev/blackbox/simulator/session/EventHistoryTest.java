package dev.blackbox.simulator.session;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The event history")
class EventHistoryTest {

    private static EventHistory history(int n) {
        EventHistory h = new EventHistory(new dev.blackbox.simulator.observe.SessionLog("s"));
        for (int i = 1; i <= n; i++) {
            h.add("e" + i, "{\"n\":" + i + "}");
        }
        return h;
    }

    @Test
    @DisplayName("anchored to the latest gives the newest page in order, and before_id walks back to the start")
    void backwards() {
        EventHistory h = history(7);
        EventHistory.Page latest = h.page(3, true, null, null);
        assertThat(latest.texts()).containsExactly("{\"n\":5}", "{\"n\":6}", "{\"n\":7}");
        assertThat(latest.hasMore()).isTrue();
        EventHistory.Page older = h.page(3, false, latest.firstId(), null);
        assertThat(older.firstId()).isEqualTo("e2");
        assertThat(older.hasMore()).isTrue();
        EventHistory.Page oldest = h.page(3, false, older.firstId(), null);
        assertThat(oldest.texts()).containsExactly("{\"n\":1}");
        assertThat(oldest.hasMore()).isFalse();
    }

    @Test
    @DisplayName("after_id walks forward; an id added twice is kept once; an unknown cursor is refused")
    void forwards() {
        EventHistory h = history(4);
        h.add("e2", "{\"dup\":true}");
        EventHistory.Page first = h.page(2, false, null, null);
        assertThat(first.lastId()).isEqualTo("e2");
        EventHistory.Page rest = h.page(2, false, null, first.lastId());
        assertThat(rest.texts()).containsExactly("{\"n\":3}", "{\"n\":4}");
        assertThat(rest.hasMore()).isFalse();
        assertThat(h.page(2, false, null, "e4").toJson()).isEqualTo("{\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}");
        assertThatThrownBy(() -> h.page(2, false, "zz", null)).hasMessage("before_id zz is not an event of this session");
    }
}
