package dev.blackbox.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;

/** Reads a step's arguments and refuses ones it does not know, so typos fail at load time. */
final class StepFields {

    private final String step;
    private final JsonNode args;
    private final Set<String> read = new HashSet<>();

    StepFields(String step, JsonNode args) {
        if (!args.isObject()) {
            throw new IllegalArgumentException(step + " takes an object of arguments, got " + args.getNodeType());
        }
        this.step = step;
        this.args = args;
    }

    JsonNode node(String field) {
        read.add(field);
        return args.get(field);
    }

    String string(String field, String fallback) {
        JsonNode v = node(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException(step + " needs \"" + field + "\"");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(step + " \"" + field + "\" must be a string");
        }
        Template.checkString(v.asText());
        return v.asText();
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = node(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(step + " \"" + field + "\" must be true or false");
        }
        return v.asBoolean();
    }

    long number(String field, long fallback, long min, long max) {
        JsonNode v = numeric(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw new IllegalArgumentException(step + " \"" + field + "\" must be a whole number, got " + v);
        }
        long n = v.asLong();
        if (n < min || n > max) {
            throw new IllegalArgumentException(step + " \"" + field + "\" must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    double decimal(String field, double fallback) {
        JsonNode v = numeric(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || v.asDouble() < 0) {
            throw new IllegalArgumentException(step + " \"" + field + "\" must be a number >= 0, got " + v);
        }
        return v.asDouble();
    }

    /**
     * A number, or a string holding one: parameters are filled into strings
     * ({@code "count": "${param:count}"}), so numeric arguments accept numeric strings.
     */
    private JsonNode numeric(String field) {
        JsonNode v = node(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            try {
                return DecimalNode.valueOf(new BigDecimal(v.asText().trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(step + " \"" + field + "\" must be a number, got \"" + v.asText() + "\"");
            }
        }
        return v;
    }

    /** Call last: fails on any argument that no accessor asked for. */
    void noOthers() {
        for (String name : (Iterable<String>) args::fieldNames) {
            if (!read.contains(name)) {
                throw new IllegalArgumentException(step + " has no argument \"" + name + "\" (it takes: " + String.join(", ", read) + ")");
            }
        }
    }
}
