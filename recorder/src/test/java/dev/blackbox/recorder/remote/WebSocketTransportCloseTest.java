package dev.blackbox.recorder.remote;

import dev.blackbox.journal.JournalRecord;
import dev.blackbox.recorder.session.SessionTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The socket lives on a network loop of its own, so the recorder may close a connection whose opening
 * it has not heard of yet (a forced reconnect right after connecting): that socket must still be closed.
 */
@ExtendWith(VertxExtension.class)
class WebSocketTransportCloseTest {

    private static final String ORG = "5fa8c2b4-1111-4222-8333-944455556666";

    @Test
    @DisplayName("A close while the socket is still opening closes it with 1000 once it opens, and the open fails instead of counting")
    void closedWhileOpening(Vertx vertx) throws Exception {
        Promise<Short> serverSawClose = Promise.promise();
        HttpServer service = vertx.createHttpServer()
                .webSocketHandler(ws -> ws.closeHandler(v -> serverSawClose.tryComplete(ws.closeStatusCode())))
                .listen(0, "127.0.0.1").await();
        SessionTransport transport = new RemoteSession(URI.create("http://127.0.0.1:" + service.actualPort()), ORG,
                TokenSource.of("sk-ant-oat01-test-close"), ReconnectMode.PERSISTENT, ReconnectTimings.upstream())
                .create(vertx, "session_close_early");
        List<String> closedEvents = new CopyOnWriteArrayList<>();
        Promise<Future<Void>> opening = Promise.promise();
        Context recorder = vertx.getOrCreateContext();
        recorder.runOnContext(v -> {
            // on the recorder's loop, as the recorder does: the open is posted to the network loop, so the close
            // below always comes before the recorder can know the socket opened
            Future<Void> opened = transport.open(new SessionTransport.Listener() {
                @Override
                public void onFrame(Buffer data, boolean binary) {
                }

                @Override
                public void onClosed(int code, String reason) {
                    closedEvents.add(code + " " + reason);
                }

                @Override
                public void onError(String message) {
                }

                @Override
                public void onOutbound(Buffer frame) {
                }

                @Override
                public void onRecord(JournalRecord record) {
                }
            });
            transport.close();
            opening.complete(opened);
        });

        assertThat(serverSawClose.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("the client's close code, as the service sees it").isEqualTo((short) 1000);
        Future<Void> opened = opening.future().await();
        assertThat(opened.toCompletionStage().toCompletableFuture().handle((ok, e) -> e == null ? "opened" : e.getMessage())
                .get(10, TimeUnit.SECONDS)).contains("closed while it was opening");
        assertThat(transport.isOpen()).isFalse();
        // a close event would come after the failed open, through the inbox: give it the time to arrive
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(closedEvents::isEmpty);
    }
}
