package dev.blackbox.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON payloads of the journal's own entries, one record per kind, all in one place so the
 * flow reads without jumping between files. Frame kinds ({@link EntryKind#isFrame()}) have no
 * record: their payload is the frame itself, verbatim. No record ever holds an access token.
 */
public sealed interface JournalRecord {

    /**
     * Journal format version written into RECORDING_STARTED. 2: journals end sealed (CHECKPOINT after
     * RECORDING_STOPPED) and may hold CHECKPOINT and RECORDING_RESUMED entries; transports are named; user
     * messages are journaled (FRAME_SENT) before they are delivered. The entry layout is that of 1.
     */
    int FORMAT_VERSION = 2;

    EntryKind kind();

    /**
     * Journal format version, session, transport ({@code websocket}: org, base URL and reconnect mode;
     * {@code stdio}: the worker's facts in {@code worker}), viewer-only flag, recorder version and host.
     * Journals written before transports had names have no {@code transport}: they are websocket.
     */
    record RecordingStarted(int formatVersion, String sessionId, String transport, String orgUuid, String baseUrl,
                            boolean viewerOnly, String recorderVersion, String host, String reconnectMode,
                            Map<String, Object> worker) implements JournalRecord {
        public RecordingStarted(int formatVersion, String sessionId, String orgUuid, String baseUrl, boolean viewerOnly,
                                String recorderVersion, String host, String reconnectMode) {
            this(formatVersion, sessionId, "websocket", orgUuid, baseUrl, viewerOnly, recorderVersion, host, reconnectMode, null);
        }

        /** Built from a transport's facts: the remote service's known ones get their own fields, the rest go in {@code worker}. */
        public static RecordingStarted of(int formatVersion, String sessionId, String transport, Map<String, Object> facts,
                                          boolean viewerOnly, String recorderVersion, String host) {
            Map<String, Object> rest = new LinkedHashMap<>(facts);
            String org = (String) rest.remove("orgUuid");
            String baseUrl = (String) rest.remove("baseUrl");
            String mode = (String) rest.remove("reconnectMode");
            return new RecordingStarted(formatVersion, sessionId, transport, org, baseUrl, viewerOnly, recorderVersion, host,
                    mode, rest.isEmpty() ? null : rest);
        }

        public String transportName() {
            return transport == null ? "websocket" : transport;
        }

        public EntryKind kind() {
            return EntryKind.RECORDING_STARTED;
        }
    }

    record Connecting(int attempt) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.CONNECTING;
        }
    }

    record Connected(int attempt) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.CONNECTED;
        }
    }

    /** A reconnect is scheduled; {@code forced} marks the watchdog's or an operator's reconnect. */
    record Reconnecting(int attempt, long delayMs, Integer closeCode, String closeReason, boolean forced)
            implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.RECONNECTING;
        }
    }

    record Disconnected(Integer closeCode, String reason, boolean permanent) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.DISCONNECTED;
        }
    }

    record ConnectionError(String message) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.CONNECTION_ERROR;
        }
    }

    record MessagePosted(String uuid, JsonNode content, Integer httpStatus, boolean ok, String sentBy, String error)
            implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.MESSAGE_POSTED;
        }
    }

    /** {@code via}: cli, web, policy:NAME, timeout. {@code latencyMicros}: from the request's arrival to the decision. */
    record PermissionDecided(String requestId, String toolUseId, String toolName, String behavior, JsonNode updatedInput,
                             String message, Boolean interrupt, String decidedBy, String via, long latencyMicros)
            implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.PERMISSION_DECIDED;
        }
    }

    /** {@code why}: unknown, already decided, cancelled, invalid. */
    record DecisionRefused(String requestId, String triedBy, String why, String detail) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.DECISION_REFUSED;
        }
    }

    record RecordingStopped(String reason) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.RECORDING_STOPPED;
        }
    }

    record InterruptRequested(String requestId, String requestedBy) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.INTERRUPT_REQUESTED;
        }
    }

    /** A frame that could not be written to the session, and why; {@code frame} is its text. */
    record SendFailed(String frame, String reason) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.SEND_FAILED;
        }
    }

    /**
     * The journal vouching for its own head: {@code seq} and {@code head} (hex SHA-256) are those of the
     * entry right before this one; {@code run} is the hash of entry 1, which tells one recording of a
     * session from another. With a signing key, {@code keyId} names the Ed25519 key and {@code sig}
     * (base64) signs {@link #signedBytes()}. {@code seal}: written when the journal was closed.
     */
    record Checkpoint(String session, String run, long seq, String head, long ts, String keyId, String sig, boolean seal)
            implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.CHECKPOINT;
        }

        /** The exact bytes the signature covers (JOURNAL.md "Signed checkpoints"). */
        public byte[] signedBytes() {
            return ("blackbox checkpoint v1\n"
                    + "session " + session + "\n"
                    + "run " + run + "\n"
                    + "seq " + seq + "\n"
                    + "head " + head + "\n"
                    + "ts " + ts + "\n"
                    + "seal " + seal + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        public Checkpoint withSignature(String keyId, String sig) {
            return new Checkpoint(session, run, seq, head, ts, keyId, sig, seal);
        }
    }

    /** One line a local worker wrote to its stderr, without its newline (invalid UTF-8 shown as U+FFFD). */
    record WorkerStderr(String line) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.WORKER_STDERR;
        }
    }

    /**
     * A writer reopened a journal that did not end sealed. {@code found}: {@code unsealed} (it just stops:
     * a crash between two writes) or {@code torn tail} (the last write was interrupted). The torn bytes
     * (count, file, offset, SHA-256) were discarded: zeroed, or, when Chronicle had already counted them
     * as an excerpt, {@code voided} (the excerpt kept, its body zeroed and marked void).
     */
    record RecordingResumed(long lastGoodSeq, String found, Long tornBytes, String tornFile, Long tornOffset,
                            String tornSha256, Boolean voided) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.RECORDING_RESUMED;
        }
    }

    /**
     * A local worker process ended. {@code exitCode} when it exited, {@code signal} (SIGTERM, SIGKILL...)
     * when a signal ended it, read as a shell does (the system reports 128 + N); {@code stdinClosed}: its
     * stdin had been closed before, so the end was asked for.
     */
    record WorkerExited(Integer exitCode, String signal, boolean stdinClosed) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.WORKER_EXITED;
        }
    }

    /**
     * A session-scoped rule, made when someone allowed a request "for the rest of this session": later
     * requests of this session for {@code tool} whose input fields match {@code input} (regexes, searched
     * in each field's value) are answered {@code decision} at once, {@code via rule:<ruleId>}. Journaled
     * before the rule takes effect; {@code fromRequestId} is the decision that made it.
     */
    record PolicyRuleAdded(String ruleId, String tool, Map<String, String> input, String decision, String addedBy,
                           String fromRequestId) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.POLICY_RULE_ADDED;
        }
    }

    /**
     * A tombstone of the retention log: the journal of {@code sessionId} was deleted. What it was: its first and
     * last entry times (epoch µs; null when no entry could be read), {@code entries} (its last seq), {@code head}
     * and {@code run} (hex hashes of its last and first entries), and the verifier's verdict at the time
     * ({@code verdict}: sealed, live, unsealed, torn tail, tampered; {@code verdictDetail} its line). Who pruned it
     * ({@code prunedBy}, the login name, on {@code host}) and why ({@code reason}: the rule, such as "older than
     * 30d (retention.olderThan)", or the operator's {@code --reason}); {@code forced} when a journal that was not
     * sealed and intact was pruned with {@code --force}. Journaled before a single file is deleted.
     */
    record SessionPruned(String sessionId, Long firstTs, Long lastTs, long entries, String head, String run,
                         String verdict, String verdictDetail, String prunedBy, String host, String reason,
                         boolean forced) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.SESSION_PRUNED;
        }
    }

    /**
     * An entry of the access log: {@code by} (the login name, or the console's user) on {@code host} read the
     * session {@code sessionId} through {@code command} ({@code replay}, {@code export}, {@code console}) as
     * {@code format} (text, html, asciicast..., or the console's {@code live} / {@code replay} view), between
     * {@code from} and {@code to} as given (null: from the start, to the end). {@code heldBy}: the host the
     * journal was read from when it is another node's. The entry's own time is when.
     */
    record SessionRead(String sessionId, String by, String host, String command, String format, String from, String to,
                       String heldBy) implements JournalRecord {
        public EntryKind kind() {
            return EntryKind.SESSION_READ;
        }
    }

    /** Encodes and decodes record payloads as compact JSON (nulls left out). */
    final class Codec {
        private static final ObjectMapper MAPPER = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        private Codec() {
        }

        public static byte[] encode(JournalRecord record) {
            try {
                return MAPPER.writeValueAsBytes(record);
            } catch (IOException e) {
                throw new JournalException("cannot encode " + record.kind() + ": " + e.getMessage(), e);
            }
        }

        public static <T extends JournalRecord> T decode(byte[] payload, Class<T> type) {
            try {
                return MAPPER.readValue(payload, type);
            } catch (IOException e) {
                throw new JournalException("cannot decode " + type.getSimpleName() + " payload: " + e.getMessage(), e);
            }
        }

        /** The record type for a non-frame kind, or null for frame kinds. */
        public static Class<? extends JournalRecord> typeOf(EntryKind kind) {
            return switch (kind) {
                case RECORDING_STARTED -> RecordingStarted.class;
                case CONNECTING -> Connecting.class;
                case CONNECTED -> Connected.class;
                case RECONNECTING -> Reconnecting.class;
                case DISCONNECTED -> Disconnected.class;
                case CONNECTION_ERROR -> ConnectionError.class;
                case MESSAGE_POSTED -> MessagePosted.class;
                case PERMISSION_DECIDED -> PermissionDecided.class;
                case DECISION_REFUSED -> DecisionRefused.class;
                case RECORDING_STOPPED -> RecordingStopped.class;
                case INTERRUPT_REQUESTED -> InterruptRequested.class;
                case SEND_FAILED -> SendFailed.class;
                case CHECKPOINT -> Checkpoint.class;
                case RECORDING_RESUMED -> RecordingResumed.class;
                case WORKER_STDERR -> WorkerStderr.class;
                case WORKER_EXITED -> WorkerExited.class;
                case FRAME_RECEIVED, FRAME_SENT, FRAME_RECEIVED_BINARY -> null;
                case FRAME_BACKFILLED -> null;
                case POLICY_RULE_ADDED -> PolicyRuleAdded.class;
                case SESSION_PRUNED -> SessionPruned.class;
                case SESSION_READ -> SessionRead.class;
            };
        }
    }
}
