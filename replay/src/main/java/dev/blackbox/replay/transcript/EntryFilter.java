package dev.blackbox.replay.transcript;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.frame.FrameSniffer;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --only}: entry kinds ({@code permission_decided}, or groups: {@code received}, {@code sent},
 * {@code binary}, {@code connection}, {@code permissions}, {@code prompts}, {@code lifecycle}, {@code worker}) and
 * frame types ({@code assistant}, {@code system/init}, {@code control_request/can_use_tool}). An entry
 * passes when its kind is listed or it is a frame of a listed type. No tokens: everything passes.
 */
public final class EntryFilter {

    private final Set<EntryKind> kinds;
    private final Set<String> types;
    private final FrameSniffer sniffer = new FrameSniffer();

    private EntryFilter(Set<EntryKind> kinds, Set<String> types) {
        this.kinds = kinds;
        this.types = types;
    }

    public static EntryFilter all() {
        return new EntryFilter(EnumSet.noneOf(EntryKind.class), Set.of());
    }

    /** Parses comma-separated tokens (any case, '-' or '_'). */
    public static EntryFilter parse(List<String> tokens) {
        Set<EntryKind> kinds = EnumSet.noneOf(EntryKind.class);
        Set<String> types = new HashSet<>();
        for (String raw : tokens) {
            for (String token : raw.split(",")) {
                String t = token.trim();
                if (t.isEmpty()) {
                    continue;
                }
                String k = t.toUpperCase(Locale.ROOT).replace('-', '_');
                switch (k) {
                    case "RECEIVED" -> kinds.addAll(EnumSet.of(EntryKind.FRAME_RECEIVED, EntryKind.FRAME_BACKFILLED));
                    case "BACKFILLED" -> kinds.add(EntryKind.FRAME_BACKFILLED);
                    case "SENT" -> kinds.add(EntryKind.FRAME_SENT);
                    case "BINARY" -> kinds.add(EntryKind.FRAME_RECEIVED_BINARY);
                    case "CONNECTION" -> kinds.addAll(EnumSet.of(EntryKind.CONNECTING, EntryKind.CONNECTED,
                            EntryKind.RECONNECTING, EntryKind.DISCONNECTED, EntryKind.CONNECTION_ERROR, EntryKind.SEND_FAILED));
                    case "PERMISSIONS" -> {
                        kinds.addAll(EnumSet.of(EntryKind.PERMISSION_DECIDED, EntryKind.DECISION_REFUSED, EntryKind.POLICY_RULE_ADDED));
                        types.add("control_request/can_use_tool");
                        types.add("control_cancel_request");
                    }
                    case "PROMPTS" -> kinds.addAll(EnumSet.of(EntryKind.MESSAGE_POSTED, EntryKind.INTERRUPT_REQUESTED));
                    case "LIFECYCLE" -> kinds.addAll(EnumSet.of(EntryKind.RECORDING_STARTED, EntryKind.RECORDING_STOPPED));
                    case "WORKER" -> kinds.addAll(EnumSet.of(EntryKind.WORKER_STDERR, EntryKind.WORKER_EXITED));
                    default -> {
                        EntryKind kind = kindNamed(k);
                        if (kind != null) {
                            kinds.add(kind);
                        } else if (t.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?")) {
                            types.add(t);
                        } else {
                            throw new IllegalArgumentException("--only: '" + t + "' is neither an entry kind nor a frame type"
                                    + " (e.g. received, sent, permissions, connection, prompts, assistant, system/init)");
                        }
                    }
                }
            }
        }
        return new EntryFilter(kinds, types);
    }

    private static EntryKind kindNamed(String name) {
        for (EntryKind k : EntryKind.values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    public boolean isEverything() {
        return kinds.isEmpty() && types.isEmpty();
    }

    /** True when this kind was asked for by name (not just by a frame type). */
    public boolean namesKind(EntryKind kind) {
        return kinds.contains(kind);
    }

    /** True when only frames of some types were asked for. */
    public boolean hasTypes() {
        return !types.isEmpty();
    }

    public boolean accepts(JournalEntry e) {
        if (isEverything() || kinds.contains(e.kind())) {
            return true;
        }
        if (types.isEmpty() || (e.kind() != EntryKind.FRAME_RECEIVED && e.kind() != EntryKind.FRAME_SENT
                && e.kind() != EntryKind.FRAME_BACKFILLED)) {
            return false;
        }
        if (!sniffer.sniff(e.payload())) {
            return false;
        }
        return types.contains(sniffer.type()) || (sniffer.subtype() != null && types.contains(sniffer.qualifiedType()));
    }
}
