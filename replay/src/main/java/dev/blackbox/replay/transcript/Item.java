package dev.blackbox.replay.transcript;

import java.util.Locale;

/**
 * One thing a transcript shows: who did what, when. Every format renders the same items, so text,
 * markdown and html always tell the same story.
 *
 * @param headline one line (may be null when the body says it all)
 * @param body     longer content: prose (assistant text, prompts) or code (tool input, tool output); may be null
 * @param code     true when the body is code or data, shown monospaced and folded when long
 * @param marker   where this item appears on the html timeline, or null
 */
public record Item(long seq, long tsMicros, Who who, Tone tone, Marker marker, String headline, String body,
                   boolean code) {

    /** The actor column. */
    public enum Who {
        USER, ASSISTANT, TOOL, PERMISSION, CONNECTION, RESULT, SYSTEM, MALFORMED, GAP;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How an item should stand out. */
    public enum Tone {
        NORMAL, OK, WARN, ERROR, DIM
    }

    /** Timeline marker kinds. */
    public enum Marker {
        PROMPT, DECISION, RESULT, CONNECTION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Item of(long seq, long ts, Who who, Tone tone, String headline) {
        return new Item(seq, ts, who, tone, null, headline, null, false);
    }

    Item withMarker(Marker m) {
        return new Item(seq, tsMicros, who, tone, m, headline, body, code);
    }

    Item withBody(String text, boolean isCode) {
        return new Item(seq, tsMicros, who, tone, marker, headline, text, isCode);
    }
}
