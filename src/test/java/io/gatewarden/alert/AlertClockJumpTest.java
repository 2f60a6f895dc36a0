package io.gatewarden.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.gatewarden.alert.Incidents.labels;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group and repeat timers under a wall clock that jumps: a forward hour sends one repeat (not a burst of catch-up
 * repeats); a step back neither re-sends early nor makes a group wait for the clock to catch up.
 */
class AlertClockJumpTest {
    @TempDir Path tmp;
    Fixture fx;
    HttpStub hook;
    AlertPipeline p;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
        hook = new HttpStub(fx.clock);
        p = fx.start("""
                receivers:
                  - {name: hook, type: webhook, url: %s, rate_limit: {burst: 2, refill_every: 1m}}
                route: {receiver: hook, group_by: [alertname, provider], group_wait: 30s, group_interval: 5m, repeat_interval: 30m}
                """.formatted(hook.url("/hook")));
    }

    @AfterEach
    void tearDown() {
        if (p != null) p.close();
        hook.close();
    }

    private List<String> kinds() {
        return hook.accepted().stream().map(r -> Fixture.json(r.body()).get("kind").asText()).toList();
    }

    private Incident open(String provider, String session) {
        Incident i = Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, labels("provider", provider, "session", session), fx.clock.instant());
        p.opened(i);
        fx.settle(p);
        return i;
    }

    @Test
    void aForwardHourSendsOneRepeatNotABurst() {
        open("fakeoa", "s1");
        fx.step(p, Duration.ofSeconds(30));
        assertThat(kinds()).containsExactly("firing");
        fx.step(p, Duration.ofHours(1));
        fx.step(p, Duration.ofSeconds(1));
        fx.step(p, Duration.ofSeconds(1));
        assertThat(kinds()).containsExactly("firing", "repeat");
        fx.step(p, Duration.ofMinutes(29));
        assertThat(kinds()).hasSize(2);
        fx.step(p, Duration.ofMinutes(5)); // repeats are checked at group flushes: at most one group_interval late
        assertThat(kinds()).containsExactly("firing", "repeat", "repeat");
    }

    @Test
    void aStepBackNeitherResendsNorStallsAGroup() {
        Incident a = open("fakeoa", "s1");
        fx.step(p, Duration.ofSeconds(30));
        assertThat(kinds()).containsExactly("firing");

        // a minute back: nothing is sent again
        fx.step(p, Duration.ofMinutes(-1));
        fx.step(p, Duration.ofSeconds(30));
        assertThat(kinds()).containsExactly("firing");

        // an hour back: a new alert in the group waits one group_interval, not an hour and five minutes
        fx.step(p, Duration.ofHours(-1));
        Incident b = open("fakeoa", "s2");
        fx.step(p, Duration.ofMinutes(5));
        assertThat(kinds()).containsExactly("firing", "update");
        JsonNode update = Fixture.json(hook.accepted().get(1).body());
        assertThat(update.get("changes").get("newFiring")).extracting(JsonNode::asText).containsExactly(b.id());

        // and the repeat interval counts from the last notification as the (stepped-back) clock sees it
        fx.step(p, Duration.ofMinutes(29));
        assertThat(kinds()).hasSize(2);
        fx.step(p, Duration.ofMinutes(1));
        fx.step(p, Duration.ofMinutes(5));
        assertThat(kinds()).containsExactly("firing", "update", "repeat");
        assertThat(a.id()).isNotEqualTo(b.id());
    }

    @Test
    void aRateLimitedReceiverRefillsAfterAStepBack() {
        // burst 2, one token a minute: use both, then step an hour back
        open("p1", "s");
        open("p2", "s");
        fx.step(p, Duration.ofSeconds(30));
        assertThat(kinds()).hasSize(2);
        fx.step(p, Duration.ofHours(-1));
        open("p3", "s");
        fx.step(p, Duration.ofSeconds(30));
        assertThat(kinds()).as("the bucket is empty: no token for the step back").hasSize(2);
        fx.step(p, Duration.ofMinutes(1));
        fx.step(p, Duration.ofSeconds(1));
        assertThat(kinds()).as("one refill period after the step, not an hour later").hasSize(3);
    }
}
