package dev.blackbox.recorder.session;

import io.vertx.core.Vertx;

/**
 * How to reach one session: everything a transport needs, as configuration. The recorder creates
 * the transport from it on its own event loop; a new transport is a new spec, with no change to the
 * recorder.
 */
public interface TransportSpec {

    /** A fresh transport for one recording, created on the recorder's context. */
    SessionTransport create(Vertx vertx, String sessionId);
}
