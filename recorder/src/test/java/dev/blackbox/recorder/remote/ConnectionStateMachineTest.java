package dev.blackbox.recorder.remote;

import dev.blackbox.recorder.session.ReconnectRules.Next;
import dev.blackbox.recorder.session.RecordingOutcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md 3.2 handleClose, as pure transitions (no sockets, no clock). */
class ConnectionStateMachineTest {

    private final ReconnectTimings timings = ReconnectTimings.upstream();

    private ConnectionStateMachine upstream() {
        return new ConnectionStateMachine(ReconnectMode.UPSTREAM, timings, () -> 0.5);
    }

    private ConnectionStateMachine persistent() {
        return new ConnectionStateMachine(ReconnectMode.PERSISTENT, timings, () -> 0.5);
    }

    private static ConnectionStateMachine connected(ConnectionStateMachine m) {
        assertThat(m.connectRequested()).isTrue();
        m.opened();
        return m;
    }

    @Test
    @DisplayName("Close 4003 is permanent: give up, no retry")
    void unauthorizedIsPermanent() {
        Next next = connected(upstream()).closed(4003, 0);
        assertThat(next).isEqualTo(new Next.GiveUp("unauthorized (close 4003)", RecordingOutcome.UNAUTHORIZED, true));
        assertThat(connected(persistent()).closed(4003, 0)).isInstanceOf(Next.GiveUp.class);
    }

    @Test
    @DisplayName("Close 4001 is retried after 2, 4 and 6 s, then the fourth gives up, even before the socket opened")
    void notFoundRetriedThreeTimes() {
        ConnectionStateMachine m = connected(upstream());
        assertThat(m.closed(4001, 0)).isEqualTo(new Next.Reconnect(2000, 1));
        m.connectRequested();
        assertThat(m.closed(4001, 0)).isEqualTo(new Next.Reconnect(4000, 2));
        m.connectRequested();
        assertThat(m.closed(4001, 0)).isEqualTo(new Next.Reconnect(6000, 3));
        m.connectRequested();
        assertThat(m.closed(4001, 0)).isInstanceOf(Next.GiveUp.class);
    }

    @Test
    @DisplayName("A connection that delivers a frame resets the 4001 budget; a bare open (accept, then 4001) does not")
    void openResetsCounters() {
        ConnectionStateMachine m = connected(upstream());
        m.closed(4001, 0);
        m.connectRequested();
        m.closed(4001, 0);
        m.connectRequested();
        m.opened();
        assertThat(m.sessionNotFoundRetries()).as("a bare open is not yet proof").isEqualTo(2);
        m.proven();
        assertThat(m.sessionNotFoundRetries()).isZero();
        assertThat(m.closed(4001, 0)).isEqualTo(new Next.Reconnect(2000, 1));
    }

    @Test
    @DisplayName("Any other close of an open connection gets one retry after 2 s, including 1000")
    void dropOfOpenConnectionRetried() {
        for (int code : new int[]{1000, 1001, 1006, 1011, 4000}) {
            ConnectionStateMachine m = connected(upstream());
            assertThat(m.closed(code, 0)).as("close %d", code).isEqualTo(new Next.Reconnect(2000, 1));
        }
    }

    @Test
    @DisplayName("Upstream gives up when the single retry fails before opening")
    void upstreamGivesUpWhenRetryFails() {
        ConnectionStateMachine m = connected(upstream());
        m.closed(1006, 0);
        m.connectRequested();
        assertThat(m.closed(1006, 100)).isInstanceOf(Next.GiveUp.class);
    }

    @Test
    @DisplayName("Persistent mode keeps trying with exponential backoff up to 60 s, and gives up after the outage limit")
    void persistentBacksOff() {
        ConnectionStateMachine m = connected(persistent());
        assertThat(m.closed(1006, 0)).isEqualTo(new Next.Reconnect(2000, 1));
        long[] expected = {4000, 8000, 16000, 32000, 60000, 60000};
        long now = 0;
        for (long delay : expected) {
            m.connectRequested();
            now += 1000;
            Next next = m.closed(1006, now);
            assertThat(next).isInstanceOf(Next.Reconnect.class);
            assertThat(((Next.Reconnect) next).delayMs()).isEqualTo(delay); // jitter 0.5 = exactly the base
        }
        m.connectRequested();
        assertThat(m.closed(1006, 600_000)).isInstanceOf(Next.GiveUp.class);
    }

    @Test
    @DisplayName("A close that we initiated is silent; a connect while connecting is refused")
    void closeByUsIsSilent() {
        ConnectionStateMachine m = connected(upstream());
        m.closedByUs();
        assertThat(m.closed(1000, 0)).isEqualTo(new Next.Ignore());
        assertThat(m.connectRequested()).isTrue();
        assertThat(m.connectRequested()).isFalse();
    }

    @Test
    @DisplayName("A connection that never opened and is not 4001 gives up at once upstream")
    void neverOpenedGivesUp() {
        ConnectionStateMachine m = upstream();
        m.connectRequested();
        assertThat(m.closed(1006, 0)).isInstanceOf(Next.GiveUp.class);
    }
}
