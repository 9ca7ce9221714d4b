package dev.blackbox.replay.export;

import dev.blackbox.journal.JournalEntry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.StatusData;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A span being built while the journal is read: started at an entry (whose seq and hash it carries),
 * given attributes and events as later entries tell more, ended at another entry. Keeps at most
 * {@link #EVENTS_KEPT} events (the SDK's default limit); the OTLP record says how many were dropped.
 */
final class SpanDraft {

    static final AttributeKey<Long> JOURNAL_SEQ = AttributeKey.longKey("blackbox.journal.seq");
    static final AttributeKey<String> JOURNAL_HASH = AttributeKey.stringKey("blackbox.journal.hash");
    static final int EVENTS_KEPT = 128;
    private static final HexFormat HEX = HexFormat.of();

    private final String name;
    private final SpanKind kind;
    private final String spanId;
    private final long startMicros;
    private final AttributesBuilder attributes = Attributes.builder();
    private final List<EventData> events = new ArrayList<>();
    private int recordedEvents;
    private StatusData status = StatusData.unset();

    SpanDraft(String name, SpanKind kind, String spanId, long startMicros, JournalEntry from) {
        this.name = name;
        this.kind = kind;
        this.spanId = spanId;
        this.startMicros = startMicros;
        attributes.put(JOURNAL_SEQ, from.seq()).put(JOURNAL_HASH, hex(from));
    }

    String spanId() {
        return spanId;
    }

    long startMicros() {
        return startMicros;
    }

    <T> SpanDraft put(AttributeKey<T> key, T value) {
        if (value != null) {
            attributes.put(key, value);
        }
        return this;
    }

    SpanDraft put(String key, String value) {
        return put(AttributeKey.stringKey(key), value);
    }

    SpanDraft put(String key, long value) {
        return put(AttributeKey.longKey(key), value);
    }

    /** An event at the entry that told it, carrying that entry's seq and hash like a span does. */
    SpanDraft event(String eventName, JournalEntry at, Attributes eventAttributes) {
        recordedEvents++;
        if (events.size() < EVENTS_KEPT) {
            Attributes all = eventAttributes.toBuilder().put(JOURNAL_SEQ, at.seq()).put(JOURNAL_HASH, hex(at)).build();
            events.add(EventData.create(at.tsMicros() * 1000, eventName, all));
        }
        return this;
    }

    SpanDraft error(String errorType, String description) {
        attributes.put(AttributeKey.stringKey("error.type"), errorType);
        status = StatusData.create(StatusCode.ERROR, description);
        return this;
    }

    ExportedSpan end(long endMicros, String traceId, String parentSpanId, Resource resource, InstrumentationScopeInfo scope) {
        SpanContext context = SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
        SpanContext parent = parentSpanId == null ? SpanContext.getInvalid()
                : SpanContext.create(traceId, parentSpanId, TraceFlags.getSampled(), TraceState.getDefault());
        return new ExportedSpan(name, kind, context, parent, status, startMicros * 1000,
                Math.max(startMicros, endMicros) * 1000, attributes.build(), events, recordedEvents, resource, scope);
    }

    static String hex(JournalEntry e) {
        return HEX.formatHex(e.hash());
    }
}
