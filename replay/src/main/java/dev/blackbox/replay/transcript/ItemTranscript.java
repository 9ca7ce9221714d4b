package dev.blackbox.replay.transcript;

import dev.blackbox.journal.JournalEntry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The human formats: entries become {@link Item}s (one interpreter for all), each format lays them out. */
abstract class ItemTranscript implements Transcript {

    protected final Writer out;
    protected final TranscriptOptions options;
    protected final Redactor redactor;
    private final Interpreter interpreter;
    private final List<Item> items = new ArrayList<>();
    private final Consumer<Item> observer;
    protected Header header;
    /** The integrity line as known when the transcript began (null: not known yet, or none given). */
    protected IntegrityLine integrityAtTop;

    ItemTranscript(OutputStream os, TranscriptOptions options) {
        this(os, options, item -> {
        });
    }

    /** @param observer also receives every item written, after it is written */
    ItemTranscript(OutputStream os, TranscriptOptions options, Consumer<Item> observer) {
        this.out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        this.options = options;
        this.redactor = options.redactor();
        this.interpreter = new Interpreter(options.filter().isEverything() ? options.gapMicros() : 0);
        this.observer = observer;
    }

    @Override
    public final void begin(Header h) throws IOException {
        this.header = h;
        this.integrityAtTop = options.integrity().get();
        writeHeader();
    }

    @Override
    public final void entry(JournalEntry e) throws IOException {
        boolean shown = options.filter().accepts(e);
        observe(e);
        items.clear();
        interpreter.interpret(e, items::add); // always: later entries need what earlier ones said
        if (shown) {
            for (Item item : items) {
                write(item);
                observer.accept(item);
            }
        }
    }

    @Override
    public final void end() throws IOException {
        writeFooter();
        out.flush();
    }

    @Override
    public final void flush() throws IOException {
        out.flush();
    }

    /**
     * The integrity line to write at the end: when it was not known at the top (a journal verified as it was
     * read, from another node), or it changed since (an entry read after the verifier's walk broke the chain).
     */
    protected IntegrityLine integrityAtEnd() {
        IntegrityLine now = options.integrity().get();
        return now != null && !now.equals(integrityAtTop) ? now : null;
    }

    /** Offset of an item from the session's first entry. */
    protected String offset(Item item) {
        return Times.offset(item.tsMicros() - header.firstTsMicros());
    }

    /** Sees every entry, shown or not, before it is interpreted (the html page folds its totals here). */
    protected void observe(JournalEntry e) {
    }

    protected abstract void writeHeader() throws IOException;

    protected abstract void write(Item item) throws IOException;

    protected abstract void writeFooter() throws IOException;

    /** The first {@code maxLines} lines of a long body (and at most 4000 characters), and how much was left out. */
    record Folded(String shown, int hiddenLines, int hiddenChars) {
        static Folded of(String body, int maxLines) {
            int at = 0;
            int lines = 0;
            while (at < body.length() && lines < maxLines) {
                int nl = body.indexOf('\n', at);
                at = nl < 0 ? body.length() : nl + 1;
                lines++;
            }
            at = Math.min(at, 4000);
            if (at >= body.length()) {
                return new Folded(body, 0, 0);
            }
            String rest = body.substring(at);
            int hidden = (int) rest.chars().filter(c -> c == '\n').count() + (rest.endsWith("\n") ? 0 : 1);
            String shown = body.substring(0, at);
            return new Folded(shown.endsWith("\n") ? shown.substring(0, shown.length() - 1) : shown, hidden, rest.length());
        }

        boolean folded() {
            return hiddenChars > 0;
        }

        String note() {
            return "… " + hiddenLines + (hiddenLines == 1 ? " more line" : " more lines") + " (" + hiddenChars + " chars)";
        }
    }
}
