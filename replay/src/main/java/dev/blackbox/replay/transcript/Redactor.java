package dev.blackbox.replay.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code --redact REGEX}: every match is replaced in the output; the journal itself stays complete. */
public final class Redactor {

    public static final String MASK = "[REDACTED]";
    private static final Redactor NONE = new Redactor(List.of());

    private final List<Pattern> patterns;

    private Redactor(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static Redactor none() {
        return NONE;
    }

    public static Redactor of(List<String> regexes) {
        List<Pattern> ps = new ArrayList<>();
        for (String r : regexes) {
            try {
                ps.add(Pattern.compile(r));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--redact: invalid regular expression '" + r + "': "
                        + e.getDescription());
            }
        }
        return new Redactor(List.copyOf(ps));
    }

    public boolean isActive() {
        return !patterns.isEmpty();
    }

    public String apply(String s) {
        if (s == null || patterns.isEmpty()) {
            return s;
        }
        for (Pattern p : patterns) {
            s = p.matcher(s).replaceAll(MASK);
        }
        return s;
    }
}
