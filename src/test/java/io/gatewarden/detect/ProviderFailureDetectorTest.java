package io.gatewarden.detect;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.parse.GatewayEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.gatewarden.incident.IncidentType.PROVIDER_OVERLOADED;
import static io.gatewarden.incident.IncidentType.PROVIDER_RATE_LIMITED;
import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

class ProviderFailureDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:02:10.599Z");
    private static final String RUN = "ead177c3-7cfb-445c-9dbd-bd413dd1017f";

    @Test
    void oneRunOfFixture02IsOneRateLimitEpisodeWithOneOccurrence() {
        Harness h = new Harness();
        List<GatewayEvent> events = Scenarios.fixture02(RUN, T0);
        events.forEach(h::feed);

        List<Incident> rl = h.all(PROVIDER_RATE_LIMITED);
        assertThat(rl).hasSize(1);
        Incident i = rl.get(0);
        assertThat(i.occurrences()).isEqualTo(1);
        assertThat(i.labels()).containsOnlyKeys("provider", "model").containsEntry("provider", "fakeoa").containsEntry("model", "rl-429");
        assertThat(i.severity()).isEqualTo(Severity.WARNING);
        assertThat(i.summary()).isEqualTo("fakeoa/rl-429 is rate-limited (429): 9 retries in run ead177c3");
        assertThat(i.evidence()).hasSizeLessThanOrEqualTo(8);
        assertThat(i.evidence().get(0)).contains("RUN_ATTEMPT_FAILED");

        List<Incident> ovl = h.all(PROVIDER_OVERLOADED);
        assertThat(ovl).hasSize(1);
        assertThat(ovl.get(0).occurrences()).isEqualTo(1);
        assertThat(ovl.get(0).labels()).containsEntry("provider", "fakeanth").containsEntry("model", "ovl-529");
        assertThat(ovl.get(0).summary()).startsWith("fakeanth/ovl-529 is overloaded (529): 7 retries in run ead177c3");
    }

    @Test
    void itOpensAtTheFirstFailedAttemptNotAtTheEndOfTheRun() {
        Harness h = new Harness();
        List<GatewayEvent> events = Scenarios.fixture02(RUN, T0);
        // feed up to and including the first retry line only
        for (GatewayEvent e : events) {
            h.feed(e);
            if (e.type() == SAME_MODEL_RETRY) break;
        }
        assertThat(h.open(PROVIDER_RATE_LIMITED)).hasSize(1);
        Incident i = h.open(PROVIDER_RATE_LIMITED).get(0);
        assertThat(Duration.between(T0, i.startsAt())).isLessThan(Duration.ofSeconds(1));
        assertThat(i.summary()).isEqualTo("fakeoa/rl-429 is rate-limited (429): 1 retry in run ead177c3");
        assertThat(h.listener.calls).containsExactly("opened:provider_rate_limited");
    }

    @Test
    void moreRunsExtendTheEpisodeAndCountOnceEach() {
        Harness h = new Harness();
        Scenarios.fixture02("run-1", T0).forEach(h::feed);
        Scenarios.fixture02("run-2", T0.plusSeconds(60)).forEach(h::feed); // overlapping runs, as with two sessions
        Scenarios.fixture02("run-3", T0.plusSeconds(400)).forEach(h::feed);
        List<Incident> rl = h.all(PROVIDER_RATE_LIMITED);
        assertThat(rl).hasSize(1);
        assertThat(rl.get(0).occurrences()).isEqualTo(3);
    }

    @Test
    void aRecurrenceAfterTheQuietPeriodIsANewIncident() {
        Harness h = new Harness();
        Scenarios.fixture02("run-1", T0).forEach(h::feed);
        Instant later = T0.plus(Duration.ofMinutes(30));
        h.tick(later);
        assertThat(h.open(PROVIDER_RATE_LIMITED)).isEmpty();
        Scenarios.fixture02("run-2", later).forEach(h::feed);
        List<Incident> rl = h.all(PROVIDER_RATE_LIMITED);
        assertThat(rl).hasSize(2);
        assertThat(rl.get(0).id()).isNotEqualTo(rl.get(1).id());
        assertThat(rl.get(0).endsAt()).isNotNull();
        assertThat(rl.get(1).endsAt()).isNull();
        assertThat(rl.get(1).occurrences()).isEqualTo(1);
    }

    @Test
    void retriesWithoutAnyRunIdCountOncePerRetrySequence() {
        Harness h = new Harness();
        for (int run = 0; run < 2; run++) {
            for (int n = 1; n <= 9; n++) {
                h.feed(Ev.of(SAME_MODEL_RETRY).at(T0.plusSeconds(run * 200L + n * 10L)).ref("fakerl/rl-429")
                        .reason("rate_limit").attr("retry", n).attr("of", 9));
            }
        }
        Incident i = h.open(PROVIDER_RATE_LIMITED).get(0);
        assertThat(i.occurrences()).isEqualTo(2);
        assertThat(i.summary()).contains("9 retries in an unidentified run");
    }

    @Test
    void billingOnA429IsNotARateLimitAndAnotherReasonIsNotOverload() {
        Harness h = new Harness();
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("r1").ref("fakeoa/quota-429").reason("billing").status(429));
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(T0).run("r1").ref("fakeoa/quota-429").reason("billing").status(429));
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("r2").ref("fakeanth/x").reason("timeout").status(503));
        assertThat(h.all(PROVIDER_RATE_LIMITED)).isEmpty();
        assertThat(h.all(PROVIDER_OVERLOADED)).isEmpty();
        // a status without a reason does count
        h.feed(Ev.of(RUN_FAILOVER_DECISION).at(T0).run("r3").ref("fakeanth/y").status(503));
        assertThat(h.all(PROVIDER_OVERLOADED)).hasSize(1);
    }

    @Test
    void minEventsInTheWindowDelaysOpening() {
        DetectSettings s = new DetectSettings(null, null, null, null, null, null, null,
                new DetectSettings.ProviderFailure(null, Duration.ofMinutes(1), 3, null, null), null, null, null, null, null, null);
        Harness h = new Harness(s, io.gatewarden.incident.IncidentSettings.defaults());
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("r1").ref("p/m").reason("rate_limit"));
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0.plusSeconds(70)).run("r2").ref("p/m").reason("rate_limit"));
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0.plusSeconds(80)).run("r3").ref("p/m").reason("rate_limit"));
        assertThat(h.all(PROVIDER_RATE_LIMITED)).isEmpty(); // only 2 in the last minute
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0.plusSeconds(90)).run("r4").ref("p/m").reason("rate_limit"));
        assertThat(h.all(PROVIDER_RATE_LIMITED)).hasSize(1);
    }

    @Test
    void profileGoesToTheSummaryNotTheLabels() {
        Harness h = new Harness();
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("r1").ref("fakerl/rl-429").reason("rate_limit"));
        h.feed(Ev.of(RUN_FAILOVER_DECISION).at(T0.plusSeconds(140)).run("r1").ref("fakerl/rl-429").reason("rate_limit")
                .status(429).profile("sha256:8591d81ebb18"));
        Incident i = h.open(PROVIDER_RATE_LIMITED).get(0);
        assertThat(i.labels()).doesNotContainKey("profile");
        assertThat(i.summary()).contains("(429)").contains("auth profile sha256:8591d81ebb18");
        assertThat(h.all(IncidentType.PROVIDER_RATE_LIMITED)).hasSize(1);
    }
}
