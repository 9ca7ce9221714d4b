package dev.blackbox.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON value with {@code ${...}} variables in its strings, rendered fresh for each use.
 * Variables: {@code ${session_id}}, {@code ${uuid}}, {@code ${uuid:NAME}}, {@code ${id}},
 * {@code ${id:NAME}}, {@code ${now}}, {@code ${answer:FIELD}}. ({@code ${param:NAME}} is replaced
 * earlier, when the scenario file is read.) A value without variables is rendered once and reused.
 */
public final class Template {

    static final Pattern VARIABLE = Pattern.compile("\\$\\{(session_id|uuid|id|now|answer)(?::([A-Za-z0-9_.-]+))?}");
    private static final Pattern ANY_VARIABLE = Pattern.compile("\\$\\{[^}]*}");

    private final JsonNode source;
    private final boolean dynamic;
    private final String fixedText;

    private Template(JsonNode source) {
        this.source = source;
        this.dynamic = hasVariables(source);
        this.fixedText = dynamic ? null : FrameJson.write(source);
    }

    /** Checks every variable now, so a typo fails when the scenario loads, not halfway through a run. */
    public static Template of(JsonNode source) {
        checkVariables(source);
        return new Template(source);
    }

    public static String renderString(String s, TemplateScope scope) {
        if (s.indexOf("${") < 0) {
            return s;
        }
        Matcher m = VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(scope.resolve(m.group(1), m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    static void checkString(String s) {
        Matcher any = ANY_VARIABLE.matcher(s);
        while (any.find()) {
            if (!VARIABLE.matcher(any.group()).matches()) {
                throw new IllegalArgumentException("unknown template variable " + any.group()
                        + " (known: ${session_id}, ${uuid}, ${uuid:NAME}, ${id}, ${id:NAME}, ${now}, ${answer:FIELD}, ${param:NAME})");
            }
        }
    }

    public JsonNode source() {
        return source;
    }

    public JsonNode render(TemplateScope scope) {
        return dynamic ? renderNode(source, scope) : source.deepCopy();
    }

    /** The rendered frame; a fixed one shares its (never modified) tree and its one serialization. */
    public Frame renderFrame(TemplateScope scope) {
        return dynamic ? Frame.of(renderNode(source, scope)) : new Frame(source, fixedText);
    }

    private static JsonNode renderNode(JsonNode node, TemplateScope scope) {
        if (node.isTextual()) {
            return TextNode.valueOf(renderString(node.asText(), scope));
        }
        if (node.isObject()) {
            ObjectNode out = FrameJson.object();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.set(e.getKey(), renderNode(e.getValue(), scope));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = FrameJson.MAPPER.createArrayNode();
            node.forEach(child -> out.add(renderNode(child, scope)));
            return out;
        }
        return node;
    }

    private static boolean hasVariables(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().contains("${");
        }
        for (JsonNode child : node) {
            if (hasVariables(child)) {
                return true;
            }
        }
        return false;
    }

    private static void checkVariables(JsonNode node) {
        if (node.isTextual()) {
            checkString(node.asText());
        }
        node.forEach(Template::checkVariables);
    }
}
