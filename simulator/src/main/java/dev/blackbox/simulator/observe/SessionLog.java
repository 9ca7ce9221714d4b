package dev.blackbox.simulator.observe;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything that crossed the wire for one session id, in order: frames written to subscribers,
 * frames received from them, HTTP requests, subscribe attempts. Written on the simulator's event
 * loop, read from any thread (tests); every getter returns a snapshot.
 */
public final class SessionLog {

    private final String sessionId;
    private final List<SentFrame> sent = new ArrayList<>();
    private final List<ReceivedFrame> received = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<SubscribeAttempt> subscribes = new ArrayList<>();
    private final List<String> history = new ArrayList<>();
    private long historyCount;
    private final List<Waiter> waiters = new ArrayList<>();
    private final Promise<Void> finished = Promise.promise();
    private boolean keepSentFrames = true;
    private long sentCount;
    private long sentBytes;
    private long pings;

    private record Waiter(Predicate<SessionLog> condition, Promise<Void> promise) {
    }

    public SessionLog(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }

    // ---- reading (any thread) ----

    /** Every frame written to a subscriber, in order (one entry per subscriber written to). */
    public synchronized List<SentFrame> sentFrames() {
        return List.copyOf(sent);
    }

    /** The text of every text frame written, in order: what a single subscriber received. */
    public synchronized List<String> sentTexts() {
        return sent.stream().filter(f -> !f.isBinary()).map(SentFrame::text).toList();
    }

    /**
     * Every event of the session's history ({@code GET /v1/sessions/{id}/events}), in order: everything the
     * worker emitted as JSON (keep-alives excepted) and every user event, whether or not a subscriber got it.
     * Empty when {@link #keepSentFrames(boolean) keeping} is off ({@link #historyCount()} still counts).
     */
    public synchronized List<String> historyTexts() {
        return List.copyOf(history);
    }

    public synchronized long historyCount() {
        return historyCount;
    }

    /** Counts every frame written, even when {@link #keepSentFrames(boolean) keeping} is off. */
    public synchronized long sentCount() {
        return sentCount;
    }

    public synchronized long sentBytes() {
        return sentBytes;
    }

    public synchronized List<ReceivedFrame> receivedFrames() {
        return List.copyOf(received);
    }

    public synchronized List<String> receivedTexts() {
        return received.stream().filter(f -> !f.isBinary()).map(ReceivedFrame::text).toList();
    }

    /** Every HTTP request for this session (POST events, GET history, GET session). */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The {@code POST /v1/sessions/{id}/events} requests only. */
    public synchronized List<RecordedRequest> posts() {
        return requests.stream().filter(r -> r.method().equals("POST")).toList();
    }

    public synchronized List<SubscribeAttempt> subscribeAttempts() {
        return List.copyOf(subscribes);
    }

    /** Completes when the scenario has run its last step (or a {@code stop}). */
    public Future<Void> scenarioFinished() {
        return finished.future();
    }

    /**
     * Completes (on the simulator's event loop) as soon as {@code condition} holds, checked now
     * and after every new record. For example {@code log.when(l -> l.sentCount() >= 10)}.
     */
    public Future<Void> when(Predicate<SessionLog> condition) {
        Promise<Void> promise = Promise.promise();
        boolean now;
        synchronized (this) {
            now = condition.test(this);
            if (!now) {
                waiters.add(new Waiter(condition, promise));
            }
        }
        if (now) {
            promise.complete();
        }
        return promise.future();
    }

    // ---- recording (simulator event loop) ----

    /** Load runs can turn off keeping frame texts (the count and byte total are still kept). */
    public synchronized void keepSentFrames(boolean keep) {
        this.keepSentFrames = keep;
    }

    public void sent(SentFrame frame) {
        synchronized (this) {
            sentCount++;
            sentBytes += frame.isBinary() ? frame.binary().length : frame.text().length();
            if (keepSentFrames) {
                sent.add(frame);
            }
        }
        signal();
    }

    /** An event entered the session's history. */
    public void historyEvent(String text) {
        synchronized (this) {
            historyCount++;
            if (keepSentFrames) {
                history.add(text);
            }
        }
        signal();
    }

    public void received(ReceivedFrame frame) {
        synchronized (this) {
            received.add(frame);
        }
        signal();
    }

    /** A client sent a WebSocket ping (the protocol's 30 s keep-alive). */
    public void pinged() {
        synchronized (this) {
            pings++;
        }
        signal();
    }

    public synchronized long pingCount() {
        return pings;
    }

    public void request(RecordedRequest request) {
        synchronized (this) {
            requests.add(request);
        }
        signal();
    }

    public void subscribeAttempt(SubscribeAttempt attempt) {
        synchronized (this) {
            subscribes.add(attempt);
        }
        signal();
    }

    public void serverClosed(long connection, int code, String reason) {
        synchronized (this) {
            subscribes.replaceAll(a -> a.connection() == connection && a.closeCode() == null && a.clientCloseCode() == null
                    ? a.closedByServer(code, reason) : a);
        }
        signal();
    }

    public void clientClosed(long connection, Integer code) {
        synchronized (this) {
            subscribes.replaceAll(a -> a.connection() == connection && a.closeCode() == null && a.clientCloseCode() == null
                    ? a.closedByClient(code) : a);
        }
        signal();
    }

    public void finished() {
        finished.tryComplete();
        signal();
    }

    private void signal() {
        List<Promise<Void>> ready = new ArrayList<>();
        synchronized (this) {
            if (waiters.isEmpty()) {
                return;
            }
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.condition().test(this)) {
                    ready.add(w.promise());
                    it.remove();
                }
            }
        }
        ready.forEach(Promise::tryComplete);
    }
}
