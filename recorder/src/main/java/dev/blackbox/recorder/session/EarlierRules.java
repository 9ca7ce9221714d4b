package dev.blackbox.recorder.session;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.recorder.permissions.SessionRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The session rules ("allow for the rest of this session") that earlier runs of a recording made, read
 * back from their {@code POLICY_RULE_ADDED} entries: a recorder restarted on a session it was recording
 * answers with them again, as the people who made them meant. Their decisions say {@code via rule:<id>},
 * the id of the entry above in the same journal.
 */
final class EarlierRules {

    private static final Logger log = LoggerFactory.getLogger(EarlierRules.class);

    private EarlierRules() {
    }

    /** Blocking (a read of the whole journal): on a worker, before the session's consumers start. */
    static List<SessionRule> read(Path root, String sessionId) {
        List<SessionRule> rules = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e; (e = reader.next()) != null; ) {
                if (e.kind() != EntryKind.POLICY_RULE_ADDED) {
                    continue;
                }
                JournalRecord.PolicyRuleAdded r = JournalRecord.Codec.decode(e.payload(), JournalRecord.PolicyRuleAdded.class);
                if (!"allow".equals(r.decision()) || r.tool() == null || r.ruleId() == null || r.input() == null || !compiles(r)) {
                    log.warn("session {}: the session rule at seq {} cannot be applied again: it is not an allow of a tool "
                            + "with valid patterns", sessionId, e.seq());
                    continue;
                }
                rules.add(new SessionRule(r.ruleId(), r.tool(), r.input(), r.addedBy(), r.fromRequestId()));
            }
        } catch (JournalException e) {
            // a journal that cannot be read back whole gives the rules read so far; the verifier says why
            log.warn("session {}: reading its earlier session rules stopped: {}", sessionId, e.getMessage());
        }
        if (!rules.isEmpty()) {
            log.info("session {}: {} session rule(s) made by earlier runs answer again: {}", sessionId, rules.size(),
                    rules.stream().map(r -> r.id() + " (" + r.tool() + ", by " + r.addedBy() + ")").toList());
        }
        return rules;
    }

    private static boolean compiles(JournalRecord.PolicyRuleAdded r) {
        try {
            r.input().values().forEach(Pattern::compile);
            return true;
        } catch (PatternSyntaxException | NullPointerException e) {
            return false;
        }
    }
}
