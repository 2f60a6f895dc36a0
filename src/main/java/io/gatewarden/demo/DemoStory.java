package io.gatewarden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The script: calm traffic, the 429 storm of fixture 02 on the primary, the chain exhaustion of fixture 06, the
 * provider's recovery, and back on the primary. It only drives the gateway and the providers; every reaction
 * (incident, breaker, switch, alert, fail-back) is gatewarden's own, and the script waits for it rather than
 * assuming it.
 */
final class DemoStory {
    static final int CHAPTERS = 5;

    private final GatewaySimulator gateway;
    private final ProviderWorld world;
    private final Narrator narrator;
    private final DemoTimings timings;
    private final String primary;

    DemoStory(GatewaySimulator gateway, ProviderWorld world, Narrator narrator, DemoTimings timings, String primary) {
        this.gateway = gateway;
        this.world = world;
        this.narrator = narrator;
        this.timings = timings;
        this.primary = primary;
    }

    /**
     * @param settled true once gatewarden has nothing left open from the storm (its incidents resolved, alerts sent)
     * @return false when gatewarden did not fail back in time
     */
    boolean play(BooleanSupplier settled) throws InterruptedException {
        String provider = primary.substring(0, primary.indexOf('/'));

        narrator.chapter(1, CHAPTERS, "Normal traffic: the primary " + primary + " answers");
        gateway.startTraffic();
        Thread.sleep(timings.calmBeforeStorm().toMillis());

        narrator.chapter(2, CHAPTERS, "A 429 storm on " + primary + " (real OpenClaw lines, fixture 02)");
        narrator.provider(primary + " hits its rate limit: every request now gets HTTP 429 (retry-after: 1)");
        narrator.say("             a run that started now spends minutes in same-model retries before a fallback answers;"
                + " gatewarden acts on the first retries");
        world.rateLimit(primary);
        List<String> storm = GatewayLines.resource(GatewayLines.STORM);
        GatewayLines.RunIds ids = new GatewayLines.RunIds();
        gateway.replay(storm, ids);
        // the capture's run then answered on its next rung; the bundled lines stop at that decision
        JsonNode decision = lastDecision(storm);
        String next = decision.path("nextCandidateProvider").asText() + "/" + decision.path("nextCandidateModel").asText();
        gateway.answeredAfterFallback(ids.idFor(decision.path("runId").asText()), decision.path("sessionId").asText(),
                primary, decision.path("reason").asText(), decision.path("status").asInt(), next,
                decision.path("attempt").asInt() + 1, decision.path("total").asInt());

        narrator.chapter(3, CHAPTERS, "Meanwhile a session on another chain exhausts it (real OpenClaw lines, fixture 06)");
        narrator.say("             captured on a setup whose chain was fakeoa/quota-429 (profile disabled for billing) → nokeyremote/m1"
                + " (no API key): every rung fails");
        gateway.replay(GatewayLines.resource(GatewayLines.CHAIN_EXHAUSTED), new GatewayLines.RunIds());
        Thread.sleep(timings.pauseBeforeRecovery().toMillis());

        narrator.chapter(4, CHAPTERS, primary + " recovers");
        world.recover(primary);
        narrator.provider(provider + "'s rate-limit window resets: " + primary + " answers 200 again");
        narrator.say("             gatewarden does not trust it at once: the breaker waits out its open time, then a one-token "
                + "request to " + primary + " itself (a model probe) must succeed — a models list that answers proves nothing "
                + "about one rate-limited model — then the primary must stay healthy for the fail-back dwell");
        boolean back = gateway.awaitPrimary(primary, timings.failBackTimeout());
        if (!back) {
            narrator.say("demo: gatewarden did not fail back to " + primary + " within "
                    + timings.failBackTimeout().toSeconds() + " s; stopping the story here");
        }

        narrator.chapter(5, CHAPTERS, back ? "Back on " + primary : "Wrapping up");
        Thread.sleep(timings.afterFailBack().toMillis());
        long end = System.nanoTime() + timings.resolveTimeout().toNanos();
        while (!settled.getAsBoolean() && System.nanoTime() < end) Thread.sleep(100);
        gateway.stopTraffic();
        return back;
    }

    private static JsonNode lastDecision(List<String> lines) {
        ObjectMapper json = new ObjectMapper();
        for (int i = lines.size() - 1; i >= 0; i--) {
            try {
                JsonNode arg = json.readTree(lines.get(i)).path("1");
                if ("model_fallback_decision".equals(arg.path("event").asText())) return arg;
            } catch (IOException e) {
                // not JSON: keep looking
            }
        }
        throw new IllegalStateException("the bundled storm has no model_fallback_decision line");
    }
}
