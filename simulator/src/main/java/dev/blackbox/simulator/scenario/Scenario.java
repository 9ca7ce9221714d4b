package dev.blackbox.simulator.scenario;

import java.util.List;
import java.util.Map;

/**
 * A parsed scenario: what the simulated worker does in one session, step by step.
 *
 * @param name       the shipped name or the file name
 * @param params     the parameter values it was loaded with (defaults plus overrides)
 * @param echoReplay whether a POSTed user message is echoed a second time with {@code isReplay:true};
 *                   null leaves it to {@link dev.blackbox.simulator.SimulatorConfig#echoReplay()}
 * @param steps      the steps, in order
 * @param unattended the worker keeps running while nobody is subscribed (as the real service's agent
 *                   does): its frames then go to the history only; by default the run pauses instead
 */
public record Scenario(String name, Map<String, String> params, Boolean echoReplay, List<Step> steps, boolean unattended) {

    public Scenario {
        params = Map.copyOf(params);
        steps = List.copyOf(steps);
    }

    public Scenario(String name, Map<String, String> params, Boolean echoReplay, List<Step> steps) {
        this(name, params, echoReplay, steps, false);
    }

    /** A scenario built in code (tests): no parameters, the configured echo behaviour. */
    public static Scenario of(String name, List<Step> steps) {
        return new Scenario(name, Map.of(), null, steps);
    }

    /** A scenario written inline as JSON Lines text, in the same syntax as the shipped files. */
    public static Scenario parse(String name, String jsonLines) {
        return parse(name, jsonLines, Map.of());
    }

    /** As {@link #parse(String, String)}, with overrides for the declared parameters. */
    public static Scenario parse(String name, String jsonLines, Map<String, String> params) {
        return ScenarioParser.parse(name, jsonLines, params);
    }
}
