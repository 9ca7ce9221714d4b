package dev.blackbox.replay.transcript;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.frame.JsonScan;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Every entry as JSON, for tools: one document {@code {"sessionId":…, "entries":[…]}} with one entry per
 * line: {@code seq}, {@code time} (ISO), {@code ts} (epoch µs), {@code kind}, and the payload — a valid
 * frame embedded as {@code frame} (with its {@code type}), any other frame as {@code text}, binary as
 * {@code base64}, the journal's own records as {@code record}; after the entries, the journal's {@code integrity}
 * ({@code level}: verified, warning, failed, and its {@code line}) when the caller gave it. Streamed: written as read.
 */
final class JsonTranscript implements Transcript {

    private final Writer out;
    private final TranscriptOptions options;
    private final FrameSniffer sniffer = new FrameSniffer();
    private final JsonScan scan = new JsonScan();
    private boolean first = true;

    JsonTranscript(OutputStream os, TranscriptOptions options) {
        this.out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        this.options = options;
    }

    @Override
    public void begin(Header header) throws IOException {
        out.write("{\"sessionId\":" + quote(header.sessionId()) + ",\"entries\":[\n");
    }

    @Override
    public void entry(JournalEntry e) throws IOException {
        if (!options.filter().accepts(e)) {
            return;
        }
        StringBuilder sb = new StringBuilder(e.payload().length + 96);
        sb.append(first ? "" : ",\n").append("{\"seq\":").append(e.seq()).append(",\"time\":\"")
                .append(Times.instant(e.tsMicros())).append("\",\"ts\":").append(e.tsMicros())
                .append(",\"kind\":\"").append(e.kind().name()).append('"');
        first = false;
        byte[] p = e.payload();
        if (e.kind() == EntryKind.FRAME_RECEIVED_BINARY) {
            sb.append(",\"base64\":\"").append(Base64.getEncoder().encodeToString(p)).append('"');
        } else if (e.kind().isFrame()) {
            if (sniffer.sniff(p)) {
                sb.append(",\"type\":").append(quote(sniffer.qualifiedType())).append(",\"frame\":").append(utf8(p));
            } else {
                sb.append(",\"malformed\":").append(quote(sniffer.problem())).append(",\"text\":").append(quote(utf8(p)));
            }
        } else if (scan.scan(p)) {
            sb.append(",\"record\":").append(utf8(p));
        } else {
            sb.append(",\"text\":").append(quote(utf8(p)));
        }
        sb.append('}');
        out.write(options.redactor().apply(sb.toString()));
    }

    @Override
    public void end() throws IOException {
        IntegrityLine integrity = options.integrity().get();
        out.write(integrity == null ? "\n]}\n" : "\n],\"integrity\":{\"level\":" + quote(integrity.level().name().toLowerCase(java.util.Locale.ROOT))
                + ",\"line\":" + quote(options.redactor().apply(integrity.line())) + "}}\n");
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
