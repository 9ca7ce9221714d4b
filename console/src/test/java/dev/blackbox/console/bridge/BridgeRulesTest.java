package dev.blackbox.console.bridge;

import dev.blackbox.console.ConsoleFixture;
import dev.blackbox.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
class BridgeRulesTest {

    private ConsoleFixture fixture;

    /** A limit below Vert.x's own 256 KiB WebSocket message default, so the test covers both. */
    static final int SMALL_LIMIT = 128 * 1024;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path journal) {
        fixture = ConsoleFixture.start(vertx, ConsoleFixture.settings(journal).withMaxMessageBytes(SMALL_LIMIT));
    }

    @Test
    @DisplayName("Without a login there is no bridge: /eventbus answers 401 and the WebSocket upgrade is refused")
    void noTokenNoBridge(Vertx vertx) throws Exception {
        assertThat(fixture.get("/eventbus/info", null).statusCode()).isEqualTo(401);
        assertThat(fixture.get("/eventbus/info", "blackbox_console_0000=forged").statusCode()).isEqualTo(401);
        assertThat(BridgeSocket.upgradeStatus(fixture.port(), null, null)).isEqualTo(401);
        assertThat(BridgeSocket.upgradeStatus(fixture.port(), fixture.login(), null)).as("the same upgrade, logged in").isEqualTo(101);
    }

    @Test
    @DisplayName("The page's addresses module is served as generated from the one definition of the addresses")
    void addressesModuleServed() {
        var js = fixture.get("/js/addresses.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.getHeader("Content-Type")).startsWith("text/javascript");
        assertThat(js.bodyAsString()).isEqualTo(Addresses.javaScript()).contains("export const decide = (sessionId) =>");
    }

    @Test
    @DisplayName("A wrong token opens nothing; the right one sets an HttpOnly SameSite cookie and opens the page")
    void login() {
        var wrong = fixture.get("/login?token=not-the-token", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.getHeader("Set-Cookie")).isNull();
        assertThat(fixture.get("/", null).getHeader("Location")).isEqualTo("/login");

        var right = fixture.get("/login?token=" + ConsoleFixture.TOKEN, null);
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.getHeader("Location")).isEqualTo("/");
        assertThat(right.getHeader("Set-Cookie")).contains("HttpOnly", "SameSite=Strict").doesNotContain(ConsoleFixture.TOKEN);

        var page = fixture.get("/", right.getHeader("Set-Cookie").split(";", 2)[0]);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.bodyAsString()).contains("/vendor/vertx-eventbus.js", "/js/app.js");
        assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(fixture.get("/eventbus/info", right.getHeader("Set-Cookie").split(";", 2)[0]).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("An address outside the rules is refused, for sending and for listening")
    void disallowedAddress(Vertx vertx) {
        vertx.eventBus().consumer("blackbox.internal.secret", m -> m.reply(new JsonObject().put("leaked", true)));
        try (BridgeSocket page = BridgeSocket.open(vertx, fixture.port(), fixture.login())) {
            page.request("blackbox.internal.secret", new JsonObject());
            assertThat(page.error().getString("body")).isEqualTo("access_denied");

            // outbound-only addresses cannot be sent to, inbound-only ones cannot be listened to
            page.request(Addresses.frames("s1"), new JsonObject());
            assertThat(page.error().getString("body")).isEqualTo("access_denied");
            page.register(Addresses.decide("s1"));
            assertThat(page.error().getString("body")).isEqualTo("access_denied");
            page.register("blackbox.internal.secret");
            assertThat(page.error().getString("body")).isEqualTo("access_denied");

            // an address that only looks like a session's (bad id) is not one
            page.request("blackbox.session.a.b.decide", new JsonObject());
            assertThat(page.error().getString("body")).isEqualTo("access_denied");
        }
    }

    @Test
    @DisplayName("A browser cannot read journals from the fleet: the journal pages, the node queries and the fleet directory are members-only")
    void fleetIsMembersOnly(Vertx vertx) {
        for (String address : new String[]{Addresses.nodeJournal("n1"), Addresses.nodePending("n1"), Addresses.nodeLocate("n1"),
                Addresses.FLEET_SESSIONS}) {
            vertx.eventBus().consumer(address, m -> m.reply(new JsonObject().put("leaked", true))).completion().await();
        }
        try (BridgeSocket page = BridgeSocket.open(vertx, fixture.port(), fixture.login())) {
            for (String address : new String[]{Addresses.nodeJournal("n1"), Addresses.nodePending("n1"), Addresses.nodeLocate("n1"),
                    Addresses.FLEET_SESSIONS}) {
                page.request(address, new JsonObject().put("sessionId", "s1").put("fromSeq", 1));
                assertThat(page.error().getString("body")).as(address).isEqualTo("access_denied");
            }
        }
    }

    @Test
    @DisplayName("The page cannot publish, not even on an address it may send to")
    void noPublish(Vertx vertx) {
        var published = new java.util.concurrent.atomic.AtomicInteger();
        vertx.eventBus().consumer(Addresses.decide("s1"), m -> published.incrementAndGet()).completion().await();
        try (BridgeSocket page = BridgeSocket.open(vertx, fixture.port(), fixture.login())) {
            page.publish(Addresses.decide("s1"), new JsonObject().put("requestId", "r1").put("behavior", "allow"));
            assertThat(page.error().getString("body")).isEqualTo("rejected");
        }
        assertThat(published).hasValue(0);
    }

    @Test
    @DisplayName("decidedBy, via, sentBy and requestedBy are the console user's, whatever the page wrote")
    void identityIsStamped(Vertx vertx) {
        for (String address : new String[]{Addresses.decide("s1"), Addresses.send("s1"), Addresses.interrupt("s1")}) {
            vertx.eventBus().<JsonObject>consumer(address, m -> m.reply(m.body())).completion().await();
        }
        JsonObject forged = new JsonObject().put("requestId", "r1").put("behavior", "allow")
                .put("decidedBy", "mallory").put("via", "cli").put("sentBy", "mallory").put("requestedBy", "mallory")
                .put("text", "hi");
        try (BridgeSocket page = BridgeSocket.open(vertx, fixture.port(), fixture.login())) {
            JsonObject decided = page.replyTo(page.request(Addresses.decide("s1"), forged.copy())).getJsonObject("body");
            assertThat(decided.getString("decidedBy")).isEqualTo(ConsoleFixture.USER);
            assertThat(decided.getString("via")).isEqualTo("web");
            assertThat(decided.getString("requestId")).isEqualTo("r1");

            JsonObject sent = page.replyTo(page.request(Addresses.send("s1"), forged.copy())).getJsonObject("body");
            assertThat(sent.getString("sentBy")).isEqualTo(ConsoleFixture.USER);

            JsonObject interrupted = page.replyTo(page.request(Addresses.interrupt("s1"), forged.copy())).getJsonObject("body");
            assertThat(interrupted.getString("requestedBy")).isEqualTo(ConsoleFixture.USER);

            JsonObject me = page.replyTo(page.request(Addresses.CONSOLE_WHOAMI, new JsonObject().put("user", "root"))).getJsonObject("body");
            assertThat(me.getString("user")).isEqualTo(ConsoleFixture.USER);

            // an action whose body is not an object has nothing to stamp: refused, never forwarded
            page.request(Addresses.decide("s1"), "allow r1");
            assertThat(page.error().getString("body")).isEqualTo("rejected");
        }
    }

    @Test
    @DisplayName("Permission events reach the page; watching a session's frames tails its journal until the page leaves")
    void outbound(Vertx vertx) {
        try (BridgeSocket page = BridgeSocket.open(vertx, fixture.port(), fixture.login())) {
            page.register(Addresses.PERMISSIONS_REQUESTED);
            page.register(Addresses.frames("s1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.console.watchedSessions().contains("s1"));
            vertx.eventBus().publish(Addresses.PERMISSIONS_REQUESTED, new JsonObject().put("requestId", "r9"));
            JsonObject received = page.next(f -> Addresses.PERMISSIONS_REQUESTED.equals(f.getString("address")));
            assertThat(received.getString("type")).isEqualTo("rec");
            assertThat(received.getJsonObject("body").getString("requestId")).isEqualTo("r9");

            page.unregister(Addresses.frames("s1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.console.watchedSessions().isEmpty());
            page.register(Addresses.frames("s1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.console.watchedSessions().contains("s1"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.console.watchedSessions().isEmpty());
    }

    @Test
    @DisplayName("A WebSocket opened by a page of another origin is refused, even with the cookie")
    void otherOrigin(Vertx vertx) throws Exception {
        String cookie = fixture.login();
        assertThat(BridgeSocket.upgradeStatus(fixture.port(), cookie, "http://evil.example")).isEqualTo(403);
    }

    @Test
    @DisplayName("A message over the size limit is refused with a reply the page can show, and the socket keeps working")
    void oversizedMessageRefusedByReply(Vertx vertx) {
        var decided = new java.util.concurrent.atomic.AtomicInteger();
        vertx.eventBus().<JsonObject>consumer(Addresses.decide("s1"), m -> {
            decided.incrementAndGet();
            m.reply(new JsonObject().put("ok", true));
        }).completion().await();
        String big = "x".repeat(300 * 1024); // over both the console's limit in this fixture and Vert.x's 256 KiB default
        try (BridgeSocket page = BridgeSocket.open(vertx, fixture.port(), fixture.login())) {
            JsonObject refusal = page.replyTo(page.request(Addresses.decide("s1"), new JsonObject().put("requestId", "r1")
                    .put("behavior", "allow").put("updatedInput", new JsonObject().put("content", big))));
            assertThat(refusal.getString("type")).isEqualTo("err");
            assertThat(refusal.getInteger("failureCode")).isEqualTo(413);
            assertThat(refusal.getString("message")).contains("over the console's limit of " + SMALL_LIMIT + " bytes");
            // the same socket still answers
            JsonObject after = page.replyTo(page.request(Addresses.decide("s1"), new JsonObject().put("requestId", "r1")
                    .put("behavior", "allow")));
            assertThat(after.getJsonObject("body").getBoolean("ok")).isTrue();
            JsonObject me = page.replyTo(page.request(Addresses.CONSOLE_WHOAMI, new JsonObject())).getJsonObject("body");
            assertThat(me.getInteger("maxMessageBytes")).isEqualTo(SMALL_LIMIT);
        }
        assertThat(decided).hasValue(1);
    }
}
