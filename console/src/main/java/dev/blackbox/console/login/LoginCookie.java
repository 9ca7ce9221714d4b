package dev.blackbox.console.login;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The login cookie: HttpOnly (page scripts never see it), SameSite=Strict (other sites' pages cannot
 * ride on it, WebSocket upgrades included), no expiry (gone when the browser closes). Its name carries
 * a per-process suffix so that two consoles on one host (different ports, same cookie jar) do not
 * log each other out.
 */
public final class LoginCookie {

    private final String name;

    public LoginCookie() {
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        this.name = "blackbox_console_" + HexFormat.of().formatHex(suffix);
    }

    public String name() {
        return name;
    }

    /** The Set-Cookie header value for a login session id. */
    public String setCookie(String sessionId) {
        return name + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** The session id from a request's Cookie header(s), or null. */
    public String read(MultiMap headers) {
        for (String header : headers.getAll(HttpHeaders.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                if (name.equals(c.name())) {
                    return c.value();
                }
            }
        }
        return null;
    }
}
