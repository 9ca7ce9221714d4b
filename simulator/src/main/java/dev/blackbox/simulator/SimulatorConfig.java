package dev.blackbox.simulator;

import dev.blackbox.simulator.scenario.Scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a simulator runs.
 *
 * @param host            interface to listen on (default 127.0.0.1)
 * @param port            port, 0 for any free one
 * @param token           the bearer token clients must present (never printed: see {@link #toString()})
 * @param orgUuid         the organization clients must name; null accepts any
 * @param scenarios       session id to the scenario it runs; other ids are unknown sessions (4001 / 404)
 * @param timeScale       multiplies every pause, timeout and rate delay (tests use 0.01; 0 = no waiting)
 * @param echoReplay      echo each POSTed user message a second time with {@code isReplay:true}, as
 *                        the real worker does (a scenario's {@code options} header may override it)
 * @param keepSentFrames  keep the text of every frame sent for {@code sentFrames}; load runs may turn it off
 */
public record SimulatorConfig(String host, int port, String token, String orgUuid, Map<String, Scenario> scenarios,
                              double timeScale, boolean echoReplay, boolean keepSentFrames) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    public SimulatorConfig {
        if (host == null || host.isBlank()) {
            host = DEFAULT_HOST;
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a token is required (clients must present it as a bearer token)");
        }
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be a finite number >= 0, got " + timeScale);
        }
        scenarios = Collections.unmodifiableMap(new LinkedHashMap<>(scenarios == null ? Map.of() : scenarios));
    }

    /** Defaults: 127.0.0.1, any port, real time, replayed echoes on, sent frames kept. */
    public static SimulatorConfig of(String token, String orgUuid, Map<String, Scenario> scenarios) {
        return new SimulatorConfig(DEFAULT_HOST, 0, token, orgUuid, scenarios, 1.0, true, true);
    }

    /** One session running one scenario, with the defaults of {@link #of}. */
    public static SimulatorConfig of(String token, String orgUuid, String sessionId, Scenario scenario) {
        return of(token, orgUuid, Map.of(sessionId, scenario));
    }

    public SimulatorConfig withHost(String newHost) {
        return new SimulatorConfig(newHost, port, token, orgUuid, scenarios, timeScale, echoReplay, keepSentFrames);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(host, newPort, token, orgUuid, scenarios, timeScale, echoReplay, keepSentFrames);
    }

    public SimulatorConfig withTimeScale(double scale) {
        return new SimulatorConfig(host, port, token, orgUuid, scenarios, scale, echoReplay, keepSentFrames);
    }

    public SimulatorConfig withEchoReplay(boolean on) {
        return new SimulatorConfig(host, port, token, orgUuid, scenarios, timeScale, on, keepSentFrames);
    }

    public SimulatorConfig withKeepSentFrames(boolean on) {
        return new SimulatorConfig(host, port, token, orgUuid, scenarios, timeScale, echoReplay, on);
    }

    public SimulatorConfig withSession(String sessionId, Scenario scenario) {
        Map<String, Scenario> more = new LinkedHashMap<>(scenarios);
        more.put(sessionId, scenario);
        return new SimulatorConfig(host, port, token, orgUuid, more, timeScale, echoReplay, keepSentFrames);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "SimulatorConfig[host=" + host + ", port=" + port + ", token=<redacted>, orgUuid=" + orgUuid
                + ", sessions=" + scenarios.keySet() + ", timeScale=" + timeScale + ", echoReplay=" + echoReplay
                + ", keepSentFrames=" + keepSentFrames + "]";
    }
}
