package dev.blackbox.app.notify;

import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.bus.Addresses;
import dev.blackbox.replay.transcript.Redactor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Tells people that an agent is waiting: listens to the permission events on the bus and POSTs a
 * notification to every configured webhook ({@code notify.webhooks}) when a request arrives and when
 * it is resolved or withdrawn. Only for the sessions recorded in this process, so a fleet sends one
 * POST per event, not one per node. Runs on its own event loop with an asynchronous HTTP client: a
 * slow or failing receiver never delays a recording (see {@link WebhookLane} for retries and limits).
 */
public final class NotifyVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(NotifyVerticle.class);

    private final BlackboxConfig.Notify config;
    private final Set<String> sessions;
    private final Redactor redactor;
    private final String host = hostName();
    private WebClient http;
    private List<WebhookLane> lanes = List.of();
    private List<MessageConsumer<JsonObject>> consumers = List.of();

    /** @param sessions the sessions recorded in this process (the others are another node's to tell) */
    public NotifyVerticle(BlackboxConfig.Notify config, Set<String> sessions) {
        this.config = config;
        this.sessions = Set.copyOf(sessions);
        this.redactor = Redactor.of(config.redact());
    }

    @Override
    public Future<?> start() {
        http = WebClient.create(vertx);
        lanes = config.webhooks().stream().map(hook -> new WebhookLane(vertx, http, hook, config.attempts(),
                config.retryDelay().toMillis(), config.timeout().toMillis())).toList();
        consumers = List.of(
                on(Addresses.PERMISSIONS_REQUESTED, r -> r.getBoolean("viewerOnly", false) ? null
                        : Notification.requested(r, redactor, config.consoleUrl(), host)),
                on(Addresses.PERMISSIONS_RESOLVED, r -> Notification.resolved(r, host)),
                on(Addresses.PERMISSIONS_CANCELLED, r -> Notification.cancelled(r, host)));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    private MessageConsumer<JsonObject> on(String address, Function<JsonObject, Notification> notification) {
        return vertx.eventBus().consumer(address, m -> {
            JsonObject event = m.body();
            if (event == null || !sessions.contains(event.getString("sessionId"))) {
                return;
            }
            Notification n = notification.apply(event);
            if (n != null) {
                lanes.forEach(lane -> lane.offer(n));
            }
        });
    }

    /** Per webhook: delivered, retried, failed, dropped. */
    public Future<List<WebhookStats>> stats() {
        Promise<List<WebhookStats>> p = Promise.promise();
        context.runOnContext(v -> p.complete(lanes.stream().map(WebhookLane::stats).toList()));
        return p.future();
    }

    @Override
    public Future<?> stop() {
        lanes.forEach(lane -> {
            WebhookStats s = lane.stats();
            if (s.delivered() + s.failed() + s.dropped() > 0 || lane.pending() > 0) {
                log.info("webhook {}: {} delivered, {} failed, {} dropped, {} not sent when stopping", s.url(), s.delivered(),
                        s.failed(), s.dropped(), lane.pending());
            }
        });
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).onComplete(v -> http.close());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
