package dev.blackbox.recorder.session;

import dev.blackbox.journal.SessionIds;

import java.nio.file.Path;

/**
 * Everything one recorded session needs: its id, where its journal lives, whether it may send
 * anything at all, an optional first prompt, and how to reach it ({@link TransportSpec}: the remote
 * sessions service, or a local worker).
 */
public record SessionSettings(String sessionId, Path journalRoot, boolean viewerOnly, String initialPrompt,
                              TransportSpec transport) {

    public SessionSettings {
        SessionIds.requireValid(sessionId);
        if (transport == null) {
            throw new IllegalArgumentException("session " + sessionId + ": no transport");
        }
    }
}
