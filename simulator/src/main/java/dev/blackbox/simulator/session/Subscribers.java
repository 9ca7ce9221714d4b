package dev.blackbox.simulator.session;

import dev.blackbox.simulator.observe.SentFrame;
import dev.blackbox.simulator.observe.SessionLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sockets currently subscribed to one session. Every frame goes to all of them and is logged
 * per socket at the moment it is handed to that socket.
 */
final class Subscribers {

    private final SessionLog log;
    private final Map<Long, Subscriber> connected = new LinkedHashMap<>();
    /** Open sockets that no longer receive anything (see the go_stale step); they count as nobody. */
    private final Map<Long, Subscriber> stale = new LinkedHashMap<>();
    private final List<Promise<Void>> arrivalWaiters = new ArrayList<>();

    Subscribers(SessionLog log) {
        this.log = log;
    }

    boolean isEmpty() {
        return connected.isEmpty();
    }

    int size() {
        return connected.size();
    }

    void add(Subscriber s) {
        connected.put(s.connection(), s);
        List<Promise<Void>> ready = new ArrayList<>(arrivalWaiters);
        arrivalWaiters.clear();
        ready.forEach(Promise::tryComplete);
    }

    /** @return true when it was still a subscriber (that is: the client closed it, not us) */
    boolean remove(long connection) {
        Subscriber s = connected.remove(connection);
        if (s == null) {
            s = stale.remove(connection);
        }
        if (s != null) {
            s.released();
        }
        return s != null;
    }

    /** Completes when at least one subscriber is connected (at once if one is). */
    Future<Void> anyone() {
        if (!connected.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        arrivalWaiters.add(p);
        return p.future();
    }

    /** Completes when the next new subscriber arrives, even if some are connected now. */
    Future<Void> nextArrival() {
        Promise<Void> p = Promise.promise();
        arrivalWaiters.add(p);
        return p.future();
    }

    /** Writes to every subscriber; the future completes when none of them is congested. */
    Future<Void> writeText(String text) {
        List<Future<Void>> congested = null;
        for (Subscriber s : connected.values()) {
            s.writeText(text);
            log.sent(new SentFrame(s.connection(), text, null));
            if (s.congested()) {
                congested = congested == null ? new ArrayList<>() : congested;
                congested.add(s.drained());
            }
        }
        return congested == null ? Future.succeededFuture() : Future.join(congested).mapEmpty();
    }

    Future<Void> writeBinary(byte[] bytes) {
        List<Future<Void>> congested = null;
        for (Subscriber s : connected.values()) {
            s.writeBinary(bytes);
            log.sent(new SentFrame(s.connection(), null, bytes.clone()));
            if (s.congested()) {
                congested = congested == null ? new ArrayList<>() : congested;
                congested.add(s.drained());
            }
        }
        return congested == null ? Future.succeededFuture() : Future.join(congested).mapEmpty();
    }

    /** Every current subscriber goes stale: its socket stays open but gets no more frames. */
    void goStale() {
        stale.putAll(connected);
        connected.clear();
    }

    /** Closes every subscriber, stale ones too, with the code (1006: dropped); they stop being subscribers at once. */
    void closeAll(int code, String reason) {
        List<Subscriber> all = new ArrayList<>(connected.values());
        all.addAll(stale.values());
        connected.clear();
        stale.clear();
        for (Subscriber s : all) {
            s.released();
            log.serverClosed(s.connection(), code, reason);
            s.close(code, reason);
        }
    }
}
