package dev.blackbox.replay.transcript;

import dev.blackbox.replay.transcript.Item.Tone;
import dev.blackbox.replay.transcript.Item.Who;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * For a terminal: one line per item (time offset, who, what), bodies indented below, long tool input and
 * output folded. ANSI colours only when asked (the CLI asks when stdout is a terminal).
 */
final class TextTranscript extends ItemTranscript {

    private static final String RESET = "\u001b[0m", DIM = "\u001b[2m", BOLD = "\u001b[1m", RED = "\u001b[31m",
            GREEN = "\u001b[32m", YELLOW = "\u001b[33m", BLUE = "\u001b[34m", MAGENTA = "\u001b[35m", CYAN = "\u001b[36m";
    private static final String INDENT = " ".repeat(24);

    TextTranscript(OutputStream os, TranscriptOptions options) {
        super(os, options);
    }

    TextTranscript(OutputStream os, TranscriptOptions options, Consumer<Item> observer) {
        super(os, options, observer);
    }

    @Override
    protected void writeHeader() throws IOException {
        if (integrityAtTop != null) {
            out.write(integrity(integrityAtTop));
        }
        out.write(paint(BOLD, "session " + header.sessionId()) + paint(DIM, "  recorded from "
                + Times.instant(header.firstTsMicros())) + "\n");
    }

    @Override
    protected void write(Item item) throws IOException {
        String headline = safe(redactor.apply(item.headline()));
        String body = safe(redactor.apply(item.body()));
        StringBuilder line = new StringBuilder(256);
        line.append(paint(DIM, pad(offset(item), 10))).append("  ")
                .append(paint(whoColour(item.who()), pad(item.who().label(), 10))).append("  ");
        String first = headline;
        String rest = null;
        if (first == null && body != null && !item.code()) {
            int nl = body.indexOf('\n');
            first = nl < 0 ? body : body.substring(0, nl);
            rest = nl < 0 ? null : body.substring(nl + 1);
        } else if (body != null && !body.isEmpty()) {
            rest = body;
        }
        line.append(paint(toneColour(item.tone()), first == null ? "" : first)).append('\n');
        if (rest != null) {
            if (item.code()) {
                Folded f = Folded.of(rest, options.foldLines());
                indent(line, f.shown(), "  ");
                if (f.folded()) {
                    line.append(INDENT).append("  ").append(paint(DIM, f.note())).append('\n');
                }
            } else {
                indent(line, rest, "");
            }
        }
        out.write(line.toString());
    }

    private void indent(StringBuilder sb, String text, String extra) {
        for (String l : text.split("\n", -1)) {
            sb.append(INDENT).append(extra).append(l).append('\n');
        }
    }

    @Override
    protected void writeFooter() throws IOException {
        IntegrityLine late = integrityAtEnd();
        if (late != null) {
            out.write(integrity(late));
        }
    }

    /** The journal's integrity as the first line (or the last, when only known at the end): red, yellow or green. */
    private String integrity(IntegrityLine line) {
        String colour = switch (line.level()) {
            case VERIFIED -> GREEN;
            case WARNING -> YELLOW;
            case FAILED -> BOLD + RED;
        };
        return paint(colour, safe(redactor.apply(line.line()))) + "\n";
    }

    private String paint(String colour, String s) {
        return options.colour() && colour != null && !s.isEmpty() ? colour + s + RESET : s;
    }

    /** Control characters from the session (an ESC could drive the reader's terminal) are shown, not obeyed. */
    private static String safe(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(control ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String whoColour(Who who) {
        return switch (who) {
            case USER -> CYAN;
            case ASSISTANT -> BOLD;
            case TOOL -> MAGENTA;
            case PERMISSION -> YELLOW;
            case CONNECTION -> BLUE;
            case RESULT -> GREEN;
            case MALFORMED -> RED;
            case SYSTEM, GAP -> DIM;
        };
    }

    private static String toneColour(Tone tone) {
        return switch (tone) {
            case OK -> GREEN;
            case WARN -> YELLOW;
            case ERROR -> RED;
            case DIM -> DIM;
            case NORMAL -> null;
        };
    }
}
