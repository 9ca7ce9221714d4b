package dev.blackbox.simulator.scenario;

/** A scenario that cannot be loaded; the message names the scenario and the line. */
public final class ScenarioException extends IllegalArgumentException {

    public ScenarioException(String message) {
        super(message);
    }
}
