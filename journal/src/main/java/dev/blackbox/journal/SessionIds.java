package dev.blackbox.journal;

import java.util.regex.Pattern;

/** Session ids become directory names, so they are checked before they touch a path. */
public final class SessionIds {

    /** The one definition of a valid session id (also used for org uuids and in the console's bridge rules). */
    public static final String PATTERN = "[A-Za-z0-9_-]{1,128}";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private SessionIds() {
    }

    public static boolean isValid(String sessionId) {
        return sessionId != null && VALID.matcher(sessionId).matches();
    }

    public static String requireValid(String sessionId) {
        if (!isValid(sessionId)) {
            throw new IllegalArgumentException("invalid session id '" + sessionId
                    + "': use 1-128 characters from A-Z a-z 0-9 _ -");
        }
        return sessionId;
    }
}
