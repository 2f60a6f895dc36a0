package io.gatewarden.detect;

import io.gatewarden.run.RunModel;

import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

class DetectorChainTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private static final class Recording implements Detector {
        final List<String> seen = new ArrayList<>();

        @Override public void onEvent(GatewayEvent event, IncidentSink sink) { seen.add(event.type().name()); }
        @Override public void onTick(Instant now, IncidentSink sink) { seen.add("tick"); }
    }

    @Test
    void aDetectorThatThrowsIsCountedAndTheOthersGoOn() {
        Recording before = new Recording();
        Recording after = new Recording();
        Map<String, Detector> d = new LinkedHashMap<>();
        d.put("before", before);
        d.put("broken", new Detector() {
            @Override public void onEvent(GatewayEvent event, IncidentSink sink) { throw new IllegalStateException("bug"); }
            @Override public void onTick(Instant now, IncidentSink sink) { throw new NullPointerException(); }
        });
        d.put("after", after);
        DetectorChain chain = new DetectorChain(new RunModel(DetectSettings.defaults().runAttributionWindow(), DetectSettings.defaults().nearbyRunWindow(), 1024), d);
        IncidentTracker sink = new IncidentTracker(IncidentSettings.defaults(), new MutableClock(T0));

        chain.onEvent(Ev.of(RUN_SUCCEEDED).at(T0).run("r").build(), sink);
        chain.onEvent(GatewayEvent.malformed("not json", "{oops"), sink);
        chain.onEvent(null, sink);
        chain.onTick(T0, sink);
        chain.onEvent(Ev.of(GENERIC).at(T0).build(), sink);

        assertThat(before.seen).containsExactly("RUN_SUCCEEDED", "tick", "GENERIC");
        assertThat(after.seen).containsExactly("RUN_SUCCEEDED", "tick", "GENERIC");
        assertThat(chain.failures()).containsEntry("broken", 3L).containsEntry("before", 0L);
        assertThat(chain.totalFailures()).isEqualTo(3);
        assertThat(chain.events()).isEqualTo(2);
    }

    @Test
    void standardChainHasEveryEnabledDetector() {
        assertThat(DetectorChain.standard(DetectSettings.defaults()).names()).containsExactly("error_loop", "error_loop_session", "chain_exhausted",
                "fallback_skipped", "provider_rate_limited", "provider_overloaded", "quota_exhausted", "context_overflow",
                "request_rejected", "config_reload_failed", "gateway");
        DetectSettings s = new DetectSettings(null, null, null, null, null, null, new DetectSettings.Toggle(false), null,
                new DetectSettings.ProviderFailure(false, null, null, null, null), null, null, null, null, null);
        DetectorChain chain = DetectorChain.standard(s);
        assertThat(chain.names()).doesNotContain("fallback_skipped", "provider_overloaded").contains("provider_rate_limited");
        assertThat(chain.detector("error_loop")).isInstanceOf(ErrorLoopDetector.class);
    }

    @Test
    void eventsWithoutTimeDoNotBreakAnything() {
        Harness h = new Harness();
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).run("r1").ref("p/m").reason("rate_limit"));
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("r1").ref("p/m").reason("rate_limit"));
        h.feed(Ev.of(SAME_MODEL_RETRY).ref("p/m").reason("rate_limit").attr("retry", "x"));
        h.feed(Ev.of(GATEWAY_STOPPING));
        h.feed(Ev.of(CONFIG_RELOAD_SKIPPED));
        assertThat(h.chain.totalFailures()).isZero();
        assertThat(h.all(IncidentType.PROVIDER_RATE_LIMITED)).singleElement().extracting(i -> i.occurrences()).isEqualTo(1L);
    }
}
