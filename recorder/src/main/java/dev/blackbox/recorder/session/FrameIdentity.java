package dev.blackbox.recorder.session;

import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.frame.Hash64;
import dev.blackbox.frame.JsonScan;

/**
 * What makes two copies of a frame the same frame, for the backfill: its {@code uuid} (SDK messages,
 * user events and their echoes); for control frames, which have none, their type and
 * {@code request_id} (a {@code control_response}'s is inside {@code response}); for anything else,
 * its exact bytes. As 64-bit hashes, never 0. Not thread-safe (one sniffer per instance).
 */
final class FrameIdentity {

    private final FrameSniffer sniffer = new FrameSniffer();
    private String uuid;

    /** The identity of a frame's bytes; {@link #uuid()} is then its uuid, or null. */
    long of(byte[] frame) {
        uuid = null;
        if (!sniffer.sniff(frame)) {
            return bytes(frame);
        }
        JsonScan top = sniffer.top();
        uuid = top.string("uuid");
        if (uuid != null) {
            return nonZero(Hash64.of("u:" + uuid));
        }
        String requestId = top.string("request_id");
        JsonScan response = requestId == null ? sniffer.member("response") : null;
        if (response != null) {
            requestId = response.string("request_id");
        }
        return requestId != null ? nonZero(Hash64.of("r:" + sniffer.type() + ":" + requestId)) : bytes(frame);
    }

    /** The uuid of the frame last given to {@link #of}, or null. */
    String uuid() {
        return uuid;
    }

    private static long bytes(byte[] frame) {
        return nonZero(Hash64.of(frame, 0, frame.length) ^ 0x62L);
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }
}
