package dev.blackbox.replay.scenario;

/**
 * The step {@code Golden.normalise} does not need for hand-written fixtures but simulator recordings do:
 * the simulator renders {@code ${uuid}} and {@code ${id}} afresh on every run, so request ids, uuids and
 * {@code msg_/toolu_/req_} ids that a transcript quotes become placeholders, as does the simulator's
 * ephemeral port. Applied before {@code Golden.assertMatches}, which then hides times and the host.
 * <p>
 * It also drops the "prompt … posted (its echo is shown above)" line: the simulator starts the turn
 * as soon as the POST arrives, so the POST's HTTP answer (journaled as message_posted) races the
 * turn's frames on the socket and lands anywhere in the turn. The echoed prompt itself stays in the
 * transcript; the test checks the message_posted entries separately.
 */
final class TranscriptIds {

    private TranscriptIds() {
    }

    static String normalise(String transcript) {
        return transcript
                .replaceAll("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "<uuid>")
                .replaceAll("\\b(msg|toolu|req)_[A-Za-z0-9]{24}\\b", "$1_<id>")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>")
                .replaceAll("(?m)^.*prompt from \\S+ posted \\(its echo is shown above\\).*\\R(\\R)?", "");
    }
}
