package dev.blackbox.bench;

import dev.blackbox.simulator.scenario.Scenario;
import dev.blackbox.simulator.scenario.Scenarios;
import dev.blackbox.simulator.scenario.Step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's shipped {@code load} scenario at full speed ({@code rate=0}), with the frame
 * count and optionally the mix chosen by the bench; everything else (sizes 200 B - 20 KB, seed,
 * the frames around the burst) as shipped. Both the source and the consumer build it, so they
 * agree on how many frames a session has.
 */
final class IngestLoadScenario {

    private IngestLoadScenario() {
    }

    static Scenario of(long frames, String mix) {
        if (frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the load scenario's burst holds at most " + Integer.MAX_VALUE + " frames");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("count", Long.toString(frames));
        params.put("rate", "0");
        if (mix != null) {
            params.put("mix", mix);
        }
        return Scenarios.load("load", params);
    }

    /** Frames one subscriber receives: every {@code send} step plus the burst's count. */
    static long framesPerSession(Scenario scenario) {
        long frames = 0;
        for (Step step : scenario.steps()) {
            if (step instanceof Step.Send) {
                frames++;
            } else if (step instanceof Step.Burst burst) {
                frames += burst.count();
            } else if (!(step instanceof Step.Stop)) {
                throw new IllegalStateException("the load scenario has a step the ingest bench does not expect: " + step);
            }
        }
        return frames;
    }
}
