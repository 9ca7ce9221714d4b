package dev.blackbox.bench;

import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.recorder.session.SessionMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The Blackbox journal with what the recorder adds per frame when metrics are on: the append timed
 * into the {@code blackbox.journal.append} histogram, the frame counted by type and its bytes added
 * ({@link SessionMeters} on a Prometheus registry). Side by side with {@code journal}, the difference
 * is the meters' cost on the hot path. The frame's type comes from a lookup by identity (the recorder
 * has it from the sniff it does anyway), which this contender pays on top.
 */
final class MeteredJournal implements JournalContender {

    @Override
    public String name() {
        return "journal-metered";
    }

    @Override
    public String label() {
        return "journal + meters";
    }

    @Override
    public Writer openWriter(Path dir) {
        SessionJournal journal = SessionJournal.open(dir, JournalContenders.SESSION_ID);
        SessionMeters meters = SessionMeters.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), JournalContenders.SESSION_ID);
        Map<byte[], String> types = new IdentityHashMap<>();
        FrameSniffer sniffer = new FrameSniffer();
        return new Writer() {
            @Override
            public void append(FrameCorpus.Frame frame) {
                long started = meters.appendStarts();
                journal.append(frame.kind(), frame.bytes());
                meters.appended(frame.kind(), started);
                String type = types.get(frame.bytes());
                if (type == null) {
                    type = sniffer.sniff(frame.bytes()) ? sniffer.type() : "malformed";
                    types.put(frame.bytes(), type);
                }
                meters.received(type, frame.bytes().length);
            }

            @Override
            public void close() {
                journal.close();
            }
        };
    }

    @Override
    public Reader openReader(Path dir) {
        return new JournalContenders.BlackboxJournal(JournalContenders.BlackboxJournal.Mode.DEFAULT).openReader(dir);
    }
}
