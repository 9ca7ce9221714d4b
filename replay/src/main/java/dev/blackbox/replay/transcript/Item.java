package dev.blackbox.replay.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.permission.PermissionOutcome;

import java.util.Locale;

/**
 * One thing a transcript shows: who did what, when. Every format renders the same items, so text,
 * markdown and html always tell the same story.
 *
 * @param headline one line (may be null when the body says it all)
 * @param body     longer content: prose (assistant text, prompts) or code (tool input, tool output); may be null
 * @param code     true when the body is code or data, shown monospaced and folded when long
 * @param marker   where this item appears on the html timeline, or null
 * @param ref      what the item is about, for formats that link items (html), or null
 */
public record Item(long seq, long tsMicros, Who who, Tone tone, Marker marker, String headline, String body,
                   boolean code, Ref ref) {

    public Item(long seq, long tsMicros, Who who, Tone tone, Marker marker, String headline, String body, boolean code) {
        this(seq, tsMicros, who, tone, marker, headline, body, code, null);
    }

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

    /**
     * What an item is about, so that a format can pair a tool call with its result and a decision with its
     * request: its part in the story, the ids that tie items together, and the tool's input as sent.
     *
     * @param toolUseId the {@code tool_use} id (tool calls, results, requests and decisions), or null
     * @param requestId the permission request's {@code request_id}, or null
     * @param tool      the tool's name, or null
     * @param input     the tool input of a call or request, or null
     * @param outcome   how a decision ended the request, or null
     */
    public record Ref(Kind kind, String toolUseId, String requestId, String tool, JsonNode input,
                      PermissionOutcome outcome) {

        public enum Kind {
            /** Prose the agent wrote (markdown). */
            TEXT,
            /** The agent's thinking (markdown). */
            THINKING,
            TOOL_CALL, TOOL_RESULT,
            /** A permission request, the first time it is asked. */
            PERMISSION_REQUEST,
            /** The same request sent again (after a reconnect). */
            PERMISSION_REPEATED,
            /** A decision or a cancellation: {@link #outcome()} says which. */
            PERMISSION_DECISION,
            DECISION_REFUSED;

            public String label() {
                return name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }

        static Ref of(Kind kind) {
            return new Ref(kind, null, null, null, null, null);
        }

        static Ref toolCall(String toolUseId, String tool, JsonNode input) {
            return new Ref(Kind.TOOL_CALL, toolUseId, null, tool, input, null);
        }

        static Ref toolResult(String toolUseId, String tool) {
            return new Ref(Kind.TOOL_RESULT, toolUseId, null, tool, null, null);
        }

        static Ref request(Kind kind, String requestId, String toolUseId, String tool, JsonNode input) {
            return new Ref(kind, toolUseId, requestId, tool, input, null);
        }

        static Ref decision(String requestId, String toolUseId, String tool, PermissionOutcome outcome) {
            return new Ref(Kind.PERMISSION_DECISION, toolUseId, requestId, tool, null, outcome);
        }
    }

    static Item of(long seq, long ts, Who who, Tone tone, String headline) {
        return new Item(seq, ts, who, tone, null, headline, null, false, null);
    }

    Item withMarker(Marker m) {
        return new Item(seq, tsMicros, who, tone, m, headline, body, code, ref);
    }

    Item withBody(String text, boolean isCode) {
        return new Item(seq, tsMicros, who, tone, marker, headline, text, isCode, ref);
    }

    Item withRef(Ref r) {
        return new Item(seq, tsMicros, who, tone, marker, headline, body, code, r);
    }
}
