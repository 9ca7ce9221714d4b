package dev.blackbox.console.login;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browsers that logged in with the token: a random session id (the cookie) to the console user it
 * acts as. The token itself never goes into a cookie. Sessions live as long as the console process.
 */
public final class LoginSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> users = new ConcurrentHashMap<>();

    /** Opens a session for {@code user}; returns the cookie value. */
    public String open(String user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        users.put(id, user);
        return id;
    }

    /** The user of a session id, or null for no, an unknown or a closed session. */
    public String userOf(String sessionId) {
        return sessionId == null ? null : users.get(sessionId);
    }
}
