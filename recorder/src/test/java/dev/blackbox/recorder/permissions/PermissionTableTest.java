package dev.blackbox.recorder.permissions;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionTableTest {

    private static PermissionRequest request(String id) {
        return new PermissionRequest("s", id, "Bash", "toolu_" + id, new JsonObject().put("command", "ls"),
                null, null, null, null, 0, 1);
    }

    @Test
    @DisplayName("The first decision wins; a second is refused as already decided")
    void firstDecisionWins() {
        PermissionTable t = new PermissionTable();
        assertThat(t.requested(request("r1"))).isTrue();
        assertThat(t.decide("r1").accepted()).isTrue();
        assertThat(t.decide("r1").refusal()).isEqualTo(PermissionTable.Refusal.ALREADY_DECIDED);
        assertThat(t.pendingCount()).isZero();
    }

    @Test
    @DisplayName("A request the server sends again is not a new prompt, pending or already decided")
    void replayedRequestIsNotNew() {
        PermissionTable t = new PermissionTable();
        assertThat(t.requested(request("r1"))).isTrue();
        assertThat(t.requested(request("r1"))).isFalse();
        t.decide("r1");
        assertThat(t.requested(request("r1"))).isFalse();
        assertThat(t.pendingCount()).isZero();
    }

    @Test
    @DisplayName("A cancelled request cannot be decided; an unknown one is refused as unknown")
    void cancelledAndUnknown() {
        PermissionTable t = new PermissionTable();
        t.requested(request("r1"));
        assertThat(t.cancelled("r1")).isNotNull();
        assertThat(t.decide("r1").refusal()).isEqualTo(PermissionTable.Refusal.CANCELLED);
        assertThat(t.decide("nope").refusal()).isEqualTo(PermissionTable.Refusal.UNKNOWN);
        assertThat(t.cancelled("never-seen")).isNull();
    }

    @Test
    @DisplayName("An allow without updatedInput sends the requested input back; a deny carries its message")
    void controlResponses() {
        JsonObject input = new JsonObject().put("command", "ls");
        JsonObject allow = Decision.allow(null, "alice", "cli").toControlResponse("r1", input);
        assertThat(allow.encode()).isEqualTo(
                "{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\"r1\","
                        + "\"response\":{\"behavior\":\"allow\",\"updatedInput\":{\"command\":\"ls\"}}}}");
        JsonObject deny = Decision.deny("not here", true, "policy", "policy:no-rm").toControlResponse("r2", input);
        assertThat(deny.getJsonObject("response").getJsonObject("response").encode())
                .isEqualTo("{\"behavior\":\"deny\",\"message\":\"not here\",\"interrupt\":true}");
    }
}
