package dev.blackbox.replay.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.frame.Hash64;
import dev.blackbox.frame.LongSet;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.IntegrityLine;
import dev.blackbox.replay.transcript.Item;
import dev.blackbox.replay.transcript.Transcript;
import dev.blackbox.replay.transcript.TranscriptOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * asciicast v3 (docs.asciinema.org/manual/asciicast/v3): the coloured text transcript laid out on the
 * recorded timeline, so asciinema's player replays the session at its pace. A header line, then one
 * {@code [interval, code, data]} event per line, the interval in seconds since the previous event:
 * {@code o} for the text each journal entry adds (CRLF line ends, as a terminal wants them), {@code m}
 * markers at every permission request and decision (labelled with the tool and who decided), and
 * {@code x} with the session's exit status at the last entry. Intervals are exact microseconds, so they
 * add up to the journal's time span. Streams: only the current entry's text is held.
 */
final class AsciicastExport implements Transcript {

    static final int COLS = 120, ROWS = 40;
    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator json;
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(8192);
    private final List<Item> written = new ArrayList<>();
    private final Transcript text;
    private final FrameSniffer sniffer = new FrameSniffer();
    private final LongSet requestIds = new LongSet(64);
    private long lastEventTs;
    private long lastEntryTs;
    private boolean lastTurnFailed;

    AsciicastExport(OutputStream out) throws IOException {
        this(out, () -> null);
    }

    /** @param integrity shown as the first line of output, as the text transcript shows it */
    AsciicastExport(OutputStream out, Supplier<IntegrityLine> integrity) throws IOException {
        this.json = JSON.createGenerator(out);
        json.setRootValueSeparator(null);
        this.text = Format.observedText(chunk, TranscriptOptions.defaults().withColour(true).withIntegrity(integrity), written::add);
    }

    @Override
    public void begin(Header header) throws IOException {
        lastEventTs = header.firstTsMicros();
        lastEntryTs = header.firstTsMicros();
        json.writeStartObject();
        json.writeNumberField("version", 3);
        json.writeObjectFieldStart("term");
        json.writeNumberField("cols", COLS);
        json.writeNumberField("rows", ROWS);
        json.writeStringField("type", "xterm-256color");
        json.writeEndObject();
        json.writeNumberField("timestamp", header.firstTsMicros() / 1_000_000);
        json.writeStringField("title", "blackbox session " + header.sessionId());
        json.writeEndObject();
        json.writeRaw('\n');
        text.begin(header);
        output(header.firstTsMicros());
    }

    @Override
    public void entry(JournalEntry e) throws IOException {
        written.clear();
        text.entry(e);
        output(e.tsMicros());
        for (Item item : written) {
            String label = markerLabel(e, item);
            if (label != null) {
                event(e.tsMicros(), "m", label);
            }
            if (item.who() == Item.Who.RESULT) {
                lastTurnFailed = item.tone() == Item.Tone.ERROR;
            }
        }
        lastEntryTs = Math.max(lastEntryTs, e.tsMicros());
    }

    @Override
    public void end() throws IOException {
        text.end();
        output(lastEntryTs);
        // asciinema records the shell's exit status; a session's is how its last turn ended
        event(lastEntryTs, "x", lastTurnFailed ? "1" : "0");
        json.flush();
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    /** The text the transcript wrote since the last call, as one output event. */
    private void output(long ts) throws IOException {
        text.flush();
        if (chunk.size() == 0) {
            return;
        }
        String s = chunk.toString(StandardCharsets.UTF_8);
        chunk.reset();
        event(ts, "o", s.replace("\n", "\r\n"));
    }

    /** Decisions and cancellations carry a timeline marker already; a request is marked the first time it is asked. */
    private String markerLabel(JournalEntry e, Item item) {
        if (item.who() != Item.Who.PERMISSION || item.headline() == null) {
            return null;
        }
        if (item.marker() == Item.Marker.DECISION) {
            return item.headline();
        }
        return e.kind() == EntryKind.FRAME_RECEIVED && isNewPermissionRequest(e.payload()) ? item.headline() : null;
    }

    private boolean isNewPermissionRequest(byte[] frame) {
        if (!sniffer.sniff(frame) || !"control_request".equals(sniffer.type()) || !"can_use_tool".equals(sniffer.subtype())) {
            return false;
        }
        String requestId = sniffer.top().string("request_id");
        return requestId != null && requestIds.add(Hash64.of(requestId));
    }

    private void event(long ts, String code, String data) throws IOException {
        long interval = Math.max(0, ts - lastEventTs); // a clock step back shows as no pause, never a negative one
        lastEventTs = Math.max(lastEventTs, ts);
        json.writeStartArray();
        json.writeNumber(seconds(interval));
        json.writeString(code);
        json.writeString(data);
        json.writeEndArray();
        json.writeRaw('\n');
    }

    /** Microseconds as seconds with six decimals, exactly (no floating point on the way). */
    static String seconds(long micros) {
        String frac = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
        return micros / 1_000_000 + "." + frac;
    }
}
