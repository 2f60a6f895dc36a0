package io.gatewarden.breaker;

import io.gatewarden.breaker.RecoveryEvidence.Outcome;
import io.gatewarden.run.RequestOutcome;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which evidence may settle which half-open trial: a models list answers 200 while one model answers 429, so only
 * evidence about that model (an observed success, a model probe) settles a model-level failure; a models-list probe
 * settles only failures of the whole credential or of the provider. A timeout settles nothing.
 */
class RecoveryEvidenceTest {
    static final BreakerKey OPUS = new BreakerKey("anthropic:work", "anthropic/claude-opus-4-6");
    final MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
    final BreakerSettings settings = new BreakerSettings(null, null, null, 3, List.of(Duration.ofSeconds(30)), null, null, null, null);
    final BreakerRegistry reg = new BreakerRegistry(settings, clock, null, null);

    private void fail(String reason, Duration retryAfter) {
        for (int i = 0; i < 3; i++) {
            reg.onRequest(new RequestOutcome(clock.instant(), "r" + i, "anthropic", "claude-opus-4-6", "anthropic:work", true,
                    reason, 429, 0, null, null, "attempt", retryAfter));
            clock.advance(Duration.ofMillis(300));
        }
    }

    private void halfOpen(String reason) {
        fail(reason, null);
        assertThat(reg.status(OPUS)).isEqualTo(BreakerStatus.OPEN);
        clock.advance(Duration.ofSeconds(31));
        reg.tick();
        assertThat(reg.status(OPUS)).isEqualTo(BreakerStatus.HALF_OPEN);
    }

    private BreakerStatus listProbe(Outcome o) {
        reg.recordListProbe("anthropic", null, RecoveryEvidence.listProbe(o, "3 models"));
        return reg.status(OPUS);
    }

    private BreakerStatus modelProbe(Outcome o) {
        reg.recordEvidence(OPUS, RecoveryEvidence.modelProbe(o, "HTTP " + (o == Outcome.OK ? 200 : 429)));
        return reg.status(OPUS);
    }

    @Test
    void rateLimit_listProbeOk_doesNotSettle_modelProbeTimeoutNeither_modelProbe429Reopens_observedSuccessCloses() {
        halfOpen("rate_limit");
        assertThat(reg.awaitingModelEvidence()).containsExactly(OPUS);
        assertThat(listProbe(Outcome.OK)).as("a models list 200 says nothing about one model's rate limit").isEqualTo(BreakerStatus.HALF_OPEN);
        assertThat(reg.find(OPUS).orElseThrow().lastEvidence()).contains("models-list probe ok", "does not settle a model-level failure");
        assertThat(modelProbe(Outcome.INCONCLUSIVE)).as("a model probe timeout settles nothing").isEqualTo(BreakerStatus.HALF_OPEN);
        assertThat(modelProbe(Outcome.FAILED)).as("the model still answers 429").isEqualTo(BreakerStatus.OPEN);

        clock.advance(Duration.ofSeconds(31));
        reg.tick();
        assertThat(reg.status(OPUS)).isEqualTo(BreakerStatus.HALF_OPEN);
        reg.onRequest(new RequestOutcome(clock.instant(), "r9", "anthropic", "claude-opus-4-6", "anthropic:work", false,
                null, 200, 0, null, null, "candidate_succeeded"));
        assertThat(reg.status(OPUS)).as("an observed success of that model").isEqualTo(BreakerStatus.CLOSED);
        assertThat(reg.find(OPUS).orElseThrow().why()).contains("observed success");
    }

    @Test
    void overload_modelProbeOk_closes() {
        halfOpen("overloaded");
        assertThat(modelProbe(Outcome.OK)).isEqualTo(BreakerStatus.CLOSED);
        assertThat(reg.find(OPUS).orElseThrow().why()).contains("half-open trial succeeded (model probe ok: HTTP 200)");
    }

    @Test
    void credentialFailure_listProbeOk_closes_andNeedsNoModelProbe() {
        halfOpen("auth");
        assertThat(reg.find(OPUS).orElseThrow().scope()).isEqualTo(FailureScope.CREDENTIAL);
        assertThat(reg.awaitingModelEvidence()).isEmpty();
        assertThat(listProbe(Outcome.OK)).isEqualTo(BreakerStatus.CLOSED);
    }

    @Test
    void credentialFailure_listProbeFailed_reopens_listProbeWithoutKey_settlesNothing() {
        halfOpen("billing");
        assertThat(listProbe(Outcome.INCONCLUSIVE)).isEqualTo(BreakerStatus.HALF_OPEN);
        assertThat(listProbe(Outcome.FAILED)).isEqualTo(BreakerStatus.OPEN);
    }

    @Test
    void openAndClosedBreakers_areNotSettledByProbes() {
        fail("rate_limit", null);
        assertThat(modelProbe(Outcome.OK)).as("open: the wait is not over").isEqualTo(BreakerStatus.OPEN);
        assertThat(listProbe(Outcome.FAILED)).isEqualTo(BreakerStatus.OPEN);
        BreakerKey sonnet = new BreakerKey("anthropic:work", "anthropic/claude-sonnet-4-6");
        reg.recordSuccess(sonnet, "fetch 200");
        reg.recordEvidence(sonnet, RecoveryEvidence.modelProbe(Outcome.FAILED, "HTTP 429"));
        assertThat(reg.status(sonnet)).as("closed: a probe is not a request of the gateway").isEqualTo(BreakerStatus.CLOSED);
    }

    @Test
    void retryAfterInTheLogged429_isALowerBoundForTheNextTrial() {
        fail("rate_limit", Duration.ofSeconds(90));
        BreakerSnapshot s = reg.find(OPUS).orElseThrow();
        assertThat(s.openUntil()).isAfterOrEqualTo(clock.instant().plusSeconds(89));
        assertThat(s.why()).contains("retry after");
        clock.advance(Duration.ofSeconds(31));
        reg.tick();
        assertThat(reg.status(OPUS)).as("open wait over, Retry-After not").isEqualTo(BreakerStatus.OPEN);
        clock.advance(Duration.ofSeconds(60));
        reg.tick();
        assertThat(reg.status(OPUS)).isEqualTo(BreakerStatus.HALF_OPEN);
    }

    @Test
    void theVerdictTable() {
        for (FailureScope scope : FailureScope.values()) {
            assertThat(RecoveryEvidence.observedSuccess("x").judge(scope)).isEqualTo(RecoveryEvidence.Verdict.CLOSE);
            assertThat(RecoveryEvidence.modelProbe(Outcome.OK, "x").judge(scope)).isEqualTo(RecoveryEvidence.Verdict.CLOSE);
            assertThat(RecoveryEvidence.modelProbe(Outcome.FAILED, "x").judge(scope)).isEqualTo(RecoveryEvidence.Verdict.REOPEN);
            assertThat(RecoveryEvidence.modelProbe(Outcome.INCONCLUSIVE, "x").judge(scope)).isEqualTo(RecoveryEvidence.Verdict.NONE);
            assertThat(RecoveryEvidence.listProbe(Outcome.OK, "x").judge(scope))
                    .isEqualTo(scope == FailureScope.MODEL ? RecoveryEvidence.Verdict.NONE : RecoveryEvidence.Verdict.CLOSE);
        }
    }
}
