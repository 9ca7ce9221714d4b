package dev.blackbox.replay.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads what an export produced with the official OTLP proto ({@code opentelemetry-proto}): OTLP/JSON
 * lines through protobuf's {@link JsonFormat}, OTLP/HTTP bodies through {@code parseFrom}.
 */
final class OtlpTraces {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OtlpTraces() {
    }

    /**
     * Each line an {@code ExportTraceServiceRequest}. OTLP/JSON writes trace and span ids as hex where
     * protobuf's canonical JSON has base64 (the OTLP spec's one deviation); they are turned back first.
     */
    static List<ExportTraceServiceRequest> parseJsonLines(byte[] file) throws IOException {
        List<ExportTraceServiceRequest> requests = new ArrayList<>();
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode tree = JSON.readTree(line);
            hexIdsToBase64(tree);
            ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
            JsonFormat.parser().merge(tree.toString(), b); // strict: an unknown field fails
            requests.add(b.build());
        }
        return requests;
    }

    static ExportTraceServiceRequest parseProtobuf(byte[] body) throws InvalidProtocolBufferException {
        return ExportTraceServiceRequest.parseFrom(body);
    }

    static List<Span> spans(List<ExportTraceServiceRequest> requests) {
        List<Span> spans = new ArrayList<>();
        for (ExportTraceServiceRequest r : requests) {
            for (ResourceSpans rs : r.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    spans.addAll(ss.getSpansList());
                }
            }
        }
        return spans;
    }

    static String hex(com.google.protobuf.ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    static AnyValue attr(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst().orElse(null);
    }

    static String string(Span span, String key) {
        AnyValue v = attr(span.getAttributesList(), key);
        return v == null ? null : v.getStringValue();
    }

    static Long integer(Span span, String key) {
        AnyValue v = attr(span.getAttributesList(), key);
        return v == null ? null : v.getIntValue();
    }

    private static void hexIdsToBase64(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (List.of("traceId", "spanId", "parentSpanId").contains(f.getKey()) && f.getValue().isTextual()) {
                    f.setValue(o.textNode(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(f.getValue().asText()))));
                } else {
                    hexIdsToBase64(f.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(OtlpTraces::hexIdsToBase64);
        }
    }
}
