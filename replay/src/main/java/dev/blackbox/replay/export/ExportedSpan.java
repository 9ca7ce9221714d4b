package dev.blackbox.replay.export;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

import java.util.List;

/**
 * A finished span rebuilt from the journal, in the SDK's own {@link SpanData} shape so the official OTLP
 * encoders (JSON and protobuf) write it: the ids, times and parent are ours, not a live tracer's.
 */
final class ExportedSpan implements SpanData {

    private final String name;
    private final SpanKind kind;
    private final SpanContext context;
    private final SpanContext parent;
    private final StatusData status;
    private final long startNanos;
    private final long endNanos;
    private final Attributes attributes;
    private final List<EventData> events;
    private final int recordedEvents;
    private final Resource resource;
    private final InstrumentationScopeInfo scope;

    ExportedSpan(String name, SpanKind kind, SpanContext context, SpanContext parent, StatusData status, long startNanos,
                 long endNanos, Attributes attributes, List<EventData> events, int recordedEvents, Resource resource,
                 InstrumentationScopeInfo scope) {
        this.name = name;
        this.kind = kind;
        this.context = context;
        this.parent = parent;
        this.status = status;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.attributes = attributes;
        this.events = List.copyOf(events);
        this.recordedEvents = recordedEvents;
        this.resource = resource;
        this.scope = scope;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public SpanKind getKind() {
        return kind;
    }

    @Override
    public SpanContext getSpanContext() {
        return context;
    }

    @Override
    public SpanContext getParentSpanContext() {
        return parent;
    }

    @Override
    public StatusData getStatus() {
        return status;
    }

    @Override
    public long getStartEpochNanos() {
        return startNanos;
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }

    @Override
    public List<EventData> getEvents() {
        return events;
    }

    @Override
    public List<LinkData> getLinks() {
        return List.of();
    }

    @Override
    public long getEndEpochNanos() {
        return endNanos;
    }

    @Override
    public boolean hasEnded() {
        return true;
    }

    @Override
    public int getTotalRecordedEvents() {
        return recordedEvents;
    }

    @Override
    public int getTotalRecordedLinks() {
        return 0;
    }

    @Override
    public int getTotalAttributeCount() {
        return attributes.size();
    }

    @Override
    @SuppressWarnings("deprecation") // still abstract in SpanData; the encoders read the scope
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion());
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return scope;
    }

    @Override
    public Resource getResource() {
        return resource;
    }
}
