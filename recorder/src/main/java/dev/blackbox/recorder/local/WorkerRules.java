package dev.blackbox.recorder.local;

import dev.blackbox.recorder.session.ReconnectRules;
import dev.blackbox.recorder.session.RecordingOutcome;

/**
 * A local worker is connected once and never reconnects: when its process ends, so does the
 * recording ({@link RecordingOutcome#ENDED}), for the first reason the transport gave. No watchdog,
 * and a forced reconnect is ignored (it would kill the conversation): {@link ReconnectRules}'s defaults.
 */
final class WorkerRules implements ReconnectRules {

    private boolean connected;
    private String endReason;

    /** Why the session is ending; the first reason given is the one kept. */
    void ending(String why) {
        if (endReason == null) {
            endReason = why;
        }
    }

    @Override
    public boolean connectRequested() {
        if (connected) {
            return false;
        }
        connected = true;
        return true;
    }

    @Override
    public Next closed(int code, long nowMs) {
        return new Next.GiveUp(endReason != null ? endReason : "the worker ended (status " + code + ")", RecordingOutcome.ENDED, true);
    }
}
