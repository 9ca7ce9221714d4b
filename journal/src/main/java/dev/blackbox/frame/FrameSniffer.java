package dev.blackbox.frame;

/**
 * Tells what a frame is without parsing more of it than needed: whether it is a JSON object with a
 * string {@code type}, its type, its subtype (top-level {@code subtype} for {@code system} and
 * {@code result}, {@code request.subtype} for {@code control_request}, {@code response.subtype} for
 * {@code control_response}) and the hash of its {@code uuid}. After {@link #sniff} the scans stay
 * available ({@link #top()}, {@link #member}, {@link #messageUsage()}) for readers that want a few more
 * fields; the nested objects they need are scanned in the same single pass over the bytes.
 * Reusable, not thread-safe.
 */
public final class FrameSniffer {

    /** Why a frame is malformed. */
    public static final String NOT_JSON = "not JSON", NOT_OBJECT = "not a JSON object", NO_TYPE = "no type",
            EMPTY = "empty", BINARY = "binary frame";

    private final JsonScan deepest = new JsonScan();
    private final JsonScan nested = new JsonScan().capture(deepest, "usage");
    private final JsonScan top = new JsonScan().capture(nested, "message", "request", "response", "usage");
    private final TokenCache tokens = new TokenCache();

    private String problem;
    private String type;
    private String subtype;
    private long uuidHash;

    /** Sniffs the frame; false when it is malformed ({@link #problem()} says why). */
    public boolean sniff(byte[] frame) {
        return sniff(frame, 0, frame.length);
    }

    public boolean sniff(byte[] frame, int from, int to) {
        type = null;
        subtype = null;
        uuidHash = 0;
        if (!top.scan(frame, from, to)) {
            problem = "empty".equals(top.problem()) ? EMPTY : top.problem();
            return false;
        }
        type = top.string("type", tokens);
        if (type == null) {
            problem = NO_TYPE;
            return false;
        }
        problem = null;
        uuidHash = top.stringHash("uuid");
        switch (type) {
            case "system", "result" -> subtype = top.string("subtype", tokens);
            case "control_request" -> subtype = nestedSubtype("request");
            case "control_response" -> subtype = nestedSubtype("response");
            default -> {
            }
        }
        return true;
    }

    /**
     * Only the top-level type, read from the first bytes: the frame is scanned as far as its {@code type}
     * member ({@link JsonScan#scanUntil}) and no further, so a stream delta costs the same few dozen bytes of
     * scanning whether it is 300 B or 30 KB. False when what was read is malformed or there is no string
     * type ({@link #problem()}); what comes after the type is not checked, and {@link #subtype()} and
     * {@link #uuidHash()} are not set: a caller that acts on the frame {@link #sniff}s it whole.
     */
    public boolean sniffType(byte[] frame, int from, int to) {
        type = null;
        subtype = null;
        uuidHash = 0;
        if (!top.scanUntil(frame, from, to, "type")) {
            problem = "empty".equals(top.problem()) ? EMPTY : top.problem();
            return false;
        }
        type = top.string("type", tokens);
        problem = type == null ? NO_TYPE : null;
        return type != null;
    }

    private String nestedSubtype(String member) {
        return member.equals(top.captured()) ? nested.string("subtype", tokens) : null;
    }

    /**
     * The object member {@code key} of the last frame ({@code message}, {@code request}, {@code response} or
     * a top-level {@code usage}), already scanned during the sniff; null when the frame has none.
     */
    public JsonScan member(String key) {
        return key.equals(top.captured()) ? nested : null;
    }

    /** {@code message.usage} of the last frame (assistant messages), already scanned; null when absent. */
    public JsonScan messageUsage() {
        return "message".equals(top.captured()) && "usage".equals(nested.captured()) ? deepest : null;
    }

    public String problem() {
        return problem;
    }

    public String type() {
        return type;
    }

    /** The subtype, or null when the type has none. */
    public String subtype() {
        return subtype;
    }

    /** {@code type} or {@code type/subtype}. */
    public String qualifiedType() {
        return subtype == null ? type : type + "/" + subtype;
    }

    /** Hash of the frame's uuid, 0 when it has none. */
    public long uuidHash() {
        return uuidHash;
    }

    /** The top-level scan of the last frame sniffed. */
    public JsonScan top() {
        return top;
    }


    public TokenCache tokens() {
        return tokens;
    }
}
