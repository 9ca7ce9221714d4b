package dev.blackbox.app.notify;

import dev.blackbox.app.config.BlackboxConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Deliveries to one webhook: a few POSTs at a time, each retried with doubling delays until it is
 * answered 2xx or its attempts are spent, then counted as failed. A receiver that stays down is logged
 * once (and once more when it delivers again), never once per notification. A bounded queue: a receiver
 * that falls far behind loses the oldest notifications (counted as dropped) rather than the recorder's memory.
 * Lives on its verticle's event loop.
 */
final class WebhookLane {

    private static final Logger log = LoggerFactory.getLogger(WebhookLane.class);

    static final int MAX_IN_FLIGHT = 4;
    static final int MAX_QUEUED = 1_000;
    static final long MAX_DELAY_MS = 300_000;

    private final Vertx vertx;
    private final WebClient http;
    private final BlackboxConfig.Webhook hook;
    private final int attempts;
    private final long retryDelayMs;
    private final long timeoutMs;
    private final Deque<Notification> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean failingLogged;
    private long delivered;
    private long retried;
    private long failed;
    private long dropped;

    WebhookLane(Vertx vertx, WebClient http, BlackboxConfig.Webhook hook, int attempts, long retryDelayMs, long timeoutMs) {
        this.vertx = vertx;
        this.http = http;
        this.hook = hook;
        this.attempts = attempts;
        this.retryDelayMs = retryDelayMs;
        this.timeoutMs = timeoutMs;
    }

    void offer(Notification n) {
        if (queue.size() >= MAX_QUEUED) {
            queue.pollFirst();
            dropped++;
        }
        queue.addLast(n);
        pump();
    }

    private void pump() {
        while (inFlight < MAX_IN_FLIGHT && !queue.isEmpty()) {
            inFlight++;
            attempt(queue.pollFirst(), 1);
        }
    }

    private void attempt(Notification n, int attempt) {
        Buffer body = n.body().toBuffer();
        HttpRequest<Buffer> post = http.postAbs(hook.url().toString())
                .timeout(timeoutMs)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "blackbox-notify")
                .putHeader("X-Blackbox-Event", n.event())
                .putHeader("X-Blackbox-Delivery", n.deliveryId());
        if (hook.secret() != null) {
            post.putHeader(Signature.HEADER, Signature.sign(hook.secret(), body.getBytes()));
        }
        post.sendBuffer(body).onComplete(ar -> {
            int status = ar.succeeded() ? ar.result().statusCode() : 0;
            if (status >= 200 && status < 300) {
                delivered++;
                if (failingLogged) {
                    failingLogged = false;
                    log.info("webhook {} delivers again ({} notifications failed before)", hook, failed);
                }
                done();
            } else if (attempt < attempts) {
                retried++;
                long delay = Math.min(MAX_DELAY_MS, retryDelayMs << Math.min(20, attempt - 1));
                vertx.setTimer(Math.max(1, delay), t -> attempt(n, attempt + 1));
            } else {
                failed++;
                if (!failingLogged) {
                    failingLogged = true;
                    log.warn("webhook {} failing ({}); {} attempts per notification, failures are counted, not logged again",
                            hook, ar.succeeded() ? "HTTP " + status : ar.cause().getMessage(), attempts);
                }
                done();
            }
        });
    }

    private void done() {
        inFlight--;
        pump();
    }

    WebhookStats stats() {
        return new WebhookStats(hook.url().toString(), delivered, retried, failed, dropped);
    }

    int pending() {
        return inFlight + queue.size();
    }
}
