package dev.blackbox.permission;

import dev.blackbox.permission.PermissionLifecycle.Cancelled;
import dev.blackbox.permission.PermissionLifecycle.Change;
import dev.blackbox.permission.PermissionLifecycle.Decided;
import dev.blackbox.permission.PermissionLifecycle.Requested;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionLifecycleTest {

    private static Change request(PermissionLifecycle<String> l, String id) {
        return l.when(new Requested(id), "tool of " + id).change();
    }

    @Test
    @DisplayName("The first decision wins; a second is refused as already decided")
    void firstDecisionWins() {
        PermissionLifecycle<String> l = new PermissionLifecycle<>();
        assertThat(request(l, "r1")).isEqualTo(Change.OPENED);
        assertThat(l.refusal("r1")).isNull();
        assertThat(l.when(new Decided("r1")).request()).isEqualTo("tool of r1");
        assertThat(l.refusal("r1")).isEqualTo(Refusal.ALREADY_DECIDED);
        assertThat(l.when(new Decided("r1")).change()).isEqualTo(Change.IGNORED);
        assertThat(l.pendingCount()).isZero();
    }

    @Test
    @DisplayName("A request the server sends again is not a new prompt, pending or already decided")
    void replayedRequestIsNotNew() {
        PermissionLifecycle<String> l = new PermissionLifecycle<>();
        assertThat(request(l, "r1")).isEqualTo(Change.OPENED);
        assertThat(request(l, "r1")).isEqualTo(Change.REPEATED);
        l.when(new Decided("r1"));
        assertThat(request(l, "r1")).isEqualTo(Change.REPEATED);
        assertThat(l.pendingCount()).isZero();
    }

    @Test
    @DisplayName("A cancelled request cannot be decided; an unknown one is refused as unknown")
    void cancelledAndUnknown() {
        PermissionLifecycle<String> l = new PermissionLifecycle<>();
        request(l, "r1");
        assertThat(l.when(new Cancelled("r1")).change()).isEqualTo(Change.ENDED);
        assertThat(l.refusal("r1")).isEqualTo(Refusal.CANCELLED);
        assertThat(l.refusal("nope")).isEqualTo(Refusal.UNKNOWN);
        assertThat(l.when(new Cancelled("never-seen")).change()).isEqualTo(Change.IGNORED);
        assertThat(l.refusal("never-seen")).isEqualTo(Refusal.CANCELLED);
    }

    @Test
    @DisplayName("Pending requests are listed oldest first, and only while pending")
    void pendingInOrder() {
        PermissionLifecycle<String> l = new PermissionLifecycle<>();
        request(l, "a");
        request(l, "b");
        request(l, "c");
        l.when(new Decided("b"));
        assertThat(l.pending()).containsExactly("tool of a", "tool of c");
        assertThat(l.isPending("b")).isFalse();
    }

    @Test
    @DisplayName("Memory stays bounded: only the most recent ended requests are remembered")
    void boundedMemory() {
        PermissionLifecycle<String> l = new PermissionLifecycle<>();
        for (int i = 0; i <= PermissionLifecycle.REMEMBERED_ENDED; i++) {
            request(l, "r" + i);
            l.when(new Decided("r" + i));
        }
        assertThat(l.refusal("r0")).isEqualTo(Refusal.UNKNOWN);
        assertThat(l.refusal("r" + PermissionLifecycle.REMEMBERED_ENDED)).isEqualTo(Refusal.ALREADY_DECIDED);
    }

    @Test
    @DisplayName("A timeout is its own outcome, never a silent deny")
    void outcomes() {
        assertThat(PermissionOutcome.of("deny", "timeout")).isEqualTo(PermissionOutcome.TIMEOUT);
        assertThat(PermissionOutcome.of("allow", "policy:tests")).isEqualTo(PermissionOutcome.ALLOW);
        assertThat(PermissionOutcome.of("deny", "cli")).isEqualTo(PermissionOutcome.DENY);
    }
}
