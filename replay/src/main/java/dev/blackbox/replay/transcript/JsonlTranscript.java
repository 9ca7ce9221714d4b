package dev.blackbox.replay.transcript;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The frames the session sent, verbatim, one per line: the payload bytes go straight through, never
 * parsed (unless {@code --only} names frame types). A stream-json consumer can read the output. Frames
 * we sent are included only when {@code --only sent} asks for them; binary frames never (not text).
 * A frame holding a raw line break (legal JSON whitespace) gets it replaced by a space, so that one
 * line stays one frame; with {@code --redact} the line is redacted as text.
 */
final class JsonlTranscript implements Transcript {

    private final OutputStream out;
    private final TranscriptOptions options;
    private final boolean withSent;

    JsonlTranscript(OutputStream os, TranscriptOptions options) {
        this.out = new BufferedOutputStream(os, 1 << 16);
        this.options = options;
        this.withSent = options.filter().namesKind(EntryKind.FRAME_SENT);
    }

    @Override
    public void begin(Header header) {
    }

    @Override
    public void entry(JournalEntry e) throws IOException {
        EntryKind kind = e.kind();
        if (kind != EntryKind.FRAME_RECEIVED && kind != EntryKind.FRAME_BACKFILLED && !(withSent && kind == EntryKind.FRAME_SENT)) {
            return;
        }
        if (!options.filter().isEverything() && !options.filter().accepts(e)) {
            return;
        }
        byte[] frame = e.payload();
        if (options.redactor().isActive()) {
            frame = options.redactor().apply(new String(frame, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        if (hasLineBreak(frame)) {
            frame = frame.clone();
            for (int i = 0; i < frame.length; i++) {
                if (frame[i] == '\n' || frame[i] == '\r') {
                    frame[i] = ' ';
                }
            }
        }
        out.write(frame);
        out.write('\n');
    }

    private static boolean hasLineBreak(byte[] b) {
        for (byte c : b) {
            if (c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void end() throws IOException {
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
