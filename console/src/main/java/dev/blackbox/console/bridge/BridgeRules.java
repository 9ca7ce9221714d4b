package dev.blackbox.console.bridge;

import dev.blackbox.bus.Addresses;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the page may do on the event bus, and nothing more. Inbound (page to bus, request/reply
 * only): decide, send and interrupt of a session, the pending, state and sessions queries, and the
 * console's history and whoami. Outbound (bus to page): permission requests, resolutions and
 * cancellations, state changes, and the frames of a session. Every other address is refused.
 */
public final class BridgeRules {

    /** {@code blackbox.session.<id>.<action>}: group 1 is the session id, group 2 the action. */
    static final Pattern SESSION_ACTION = Pattern.compile(Addresses.sessionAddressRegex("decide", "send", "interrupt"));
    static final Pattern SESSION_FRAMES = Pattern.compile(Addresses.sessionAddressRegex("frames"));

    private BridgeRules() {
    }

    public static SockJSBridgeOptions options() {
        SockJSBridgeOptions options = new SockJSBridgeOptions()
                .addInboundPermitted(new PermittedOptions().setAddressRegex(SESSION_ACTION.pattern()))
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.PERMISSIONS_PENDING))
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.STATE_GET))
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.SESSIONS_LIST))
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.CONSOLE_HISTORY))
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.CONSOLE_WHOAMI))
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.CONSOLE_REFUSED))
                .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.PERMISSIONS_REQUESTED))
                .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.PERMISSIONS_RESOLVED))
                .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.PERMISSIONS_CANCELLED))
                .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.STATE_CHANGED))
                .addOutboundPermitted(new PermittedOptions().setAddressRegex(SESSION_FRAMES.pattern()));
        options.setMaxAddressLength(200);
        options.setMaxHandlersPerSocket(200);
        return options;
    }

    /** The session id of a {@code .frames} address, or null. */
    static String framesSession(String address) {
        Matcher m = address == null ? null : SESSION_FRAMES.matcher(address);
        return m != null && m.matches() ? m.group(1) : null;
    }

    /** The action ({@code decide}, {@code send}, {@code interrupt}) of a session address, or null. */
    static String sessionAction(String address) {
        Matcher m = address == null ? null : SESSION_ACTION.matcher(address);
        return m != null && m.matches() ? m.group(2) : null;
    }
}
