package dev.blackbox.replay.transcript;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The frames the session sent, verbatim, one per line: the payload bytes go straight through, never
 * parsed (unless {@code --only} names frame types). A stream-json consumer can read the output. Frames
 * we sent are included only when {@code --only sent} asks for them; binary frames never (not text).
 * A frame is never altered: one that holds a raw line break (CR or LF: legal JSON whitespace, or not JSON
 * at all) cannot be one line as it is, so it is written whole inside a wrapper line (replay/README.md):
 * {@code {"type":"blackbox_frame","seq":N,"why":"raw line break","text":"<the frame as a JSON string>"}},
 * or {@code "base64"} instead of {@code "text"} when the frame is not valid UTF-8. With {@code --redact}
 * the frame is redacted as text first.
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
        out.write(hasLineBreak(frame) ? wrapped(e.seq(), frame) : frame);
        out.write('\n');
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** The wrapper line for a frame that is not one line: the frame whole, as a JSON string (or base64). */
    static byte[] wrapped(long seq, byte[] frame) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(frame.length + 100);
        try (JsonGenerator g = JSON.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("type", "blackbox_frame");
            g.writeNumberField("seq", seq);
            g.writeStringField("why", "raw line break");
            String text = utf8(frame);
            if (text != null) {
                g.writeStringField("text", text);
            } else {
                g.writeStringField("base64", Base64.getEncoder().encodeToString(frame));
            }
            g.writeEndObject();
        }
        return line.toByteArray();
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
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
