package io.gatewarden.detect;

import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.gatewarden.parse.EventType.*;

/** Event sequences shaped like the real fixture logs (same order, same gaps, same fields). */
final class Scenarios {
    static final String RL_ERROR = "⚠️ Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. "
            + "Please try again in 1s.; Retry-After: 1 seconds";
    static final String RL_PREVIEW = "429 Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. "
            + "Please try again in 1s.; Retry-After: 1 seconds";
    static final String OVL_ERROR = "The AI service is temporarily overloaded. Please try again in a moment.";
    static final String UNKNOWN = "Unknown model: anthropic/claude-sonnet-4-5. Run `openclaw models list --refresh "
            + "--provider anthropic` to inspect this provider's model choices, then retry with a model supported by your account.";

    private Scenarios() {}

    /**
     * Fixture 02, one run: 9 same-model retries on fakeoa/rl-429 (429), the failover decision, lane errors, 7 retries
     * on fakeanth/ovl-529 (529), an unknown model rung, success on fakeoa/ok. About four minutes.
     */
    static List<GatewayEvent> fixture02(String run, Instant start) {
        List<GatewayEvent> out = new ArrayList<>();
        long[] rlRetryAt = {128, 1910, 3838, 10076, 21316, 35799, 68837, 98087, 126253};
        for (int i = 0; i < 9; i++) {
            Instant t = start.plusMillis(rlRetryAt[i]);
            out.add(Ev.of(MODEL_FETCH).at(t.minusMillis(128)).ref("fakeoa/rl-429").status(429).level(3).build());
            out.add(Ev.of(RUN_ATTEMPT_FAILED).at(t.minusMillis(76)).run(run).ref("fakeoa/rl-429").reason("rate_limit")
                    .detail(RL_ERROR).build());
            out.add(Ev.of(SAME_MODEL_RETRY).at(t).ref("fakeoa/rl-429").reason("rate_limit").attr("retry", i + 1).attr("of", 9)
                    .raw("transient same-model retry " + (i + 1) + "/9 for fakeoa/rl-429 reason=rate_limit: delayMs=1051").build());
        }
        Instant end = start.plusMillis(147_815);
        out.add(Ev.of(MODEL_FETCH).at(end.minusMillis(33)).ref("fakeoa/rl-429").status(429).level(3).build());
        out.add(Ev.of(RUN_ATTEMPT_FAILED).at(end).run(run).ref("fakeoa/rl-429").reason("rate_limit").detail(RL_ERROR).build());
        out.add(Ev.of(RUN_FAILOVER_DECISION).at(end.plusMillis(49)).run(run).ref("fakeoa/rl-429").reason("rate_limit")
                .status(429).attr("retryCount", 9).detail(RL_PREVIEW).build());
        out.add(Ev.of(LANE_ERROR).at(end.plusMillis(56)).level(5).detail(RL_ERROR).build());
        out.add(Ev.of(LANE_ERROR).at(end.plusMillis(59)).level(5).detail(RL_ERROR).build());
        out.add(Ev.of(FALLBACK_CANDIDATE_FAILED).at(end.plusMillis(66)).run(run).session("lab-s1").ref("fakeoa/rl-429")
                .reason("rate_limit").status(429).detail(RL_PREVIEW).attr("attempt", 1).attr("total", 4)
                .attr("nextProvider", "fakeanth").attr("nextModel", "ovl-529").build());
        // fakeanth/ovl-529: 529 overloaded, 7 retries, then the retry window elapses
        Instant ovl = end.plusMillis(415);
        long[] ovlAt = {0, 1311, 4332, 10724, 20000, 45000, 90682};
        for (int i = 0; i < 7; i++) {
            Instant t = ovl.plusMillis(ovlAt[i]);
            out.add(Ev.of(MODEL_FETCH).at(t.minusMillis(18)).ref("fakeanth/ovl-529").status(529).level(3).build());
            out.add(Ev.of(RUN_ATTEMPT_FAILED).at(t).run(run).ref("fakeanth/ovl-529").reason("overloaded").status(529)
                    .detail(OVL_ERROR).build());
            out.add(Ev.of(SAME_MODEL_RETRY).at(t.plusMillis(22)).ref("fakeanth/ovl-529").reason("overloaded")
                    .attr("retry", i + 1).attr("of", 8).build());
        }
        Instant ovlEnd = ovl.plusMillis(90_682 + 27_310);
        out.add(Ev.of(RUN_ATTEMPT_FAILED).at(ovlEnd).run(run).ref("fakeanth/ovl-529").reason("overloaded").status(529)
                .detail(OVL_ERROR).build());
        out.add(Ev.of(RETRY_WINDOW_ELAPSED).at(ovlEnd.plusMillis(42)).ref("fakeanth/ovl-529").attr("retry", 7).attr("of", 8).build());
        out.add(Ev.of(RUN_FAILOVER_DECISION).at(ovlEnd.plusMillis(55)).run(run).ref("fakeanth/ovl-529").reason("overloaded")
                .status(529).build());
        out.add(Ev.of(LANE_ERROR).at(ovlEnd.plusMillis(63)).level(5).detail(OVL_ERROR).build());
        out.add(Ev.of(FALLBACK_CANDIDATE_FAILED).at(ovlEnd.plusMillis(71)).run(run).session("lab-s1").ref("fakeanth/ovl-529")
                .reason("overloaded").status(529).attr("nextProvider", "anthropic").attr("nextModel", "claude-sonnet-4-5").build());
        // anthropic/claude-sonnet-4-5: unknown model, no request sent
        out.add(Ev.of(LANE_ERROR).at(ovlEnd.plusMillis(803)).level(5).detail(UNKNOWN).build());
        out.add(Ev.of(LANE_ERROR).at(ovlEnd.plusMillis(829)).level(5).detail(UNKNOWN).build());
        out.add(Ev.of(FALLBACK_CANDIDATE_FAILED).at(ovlEnd.plusMillis(844)).run(run).session("lab-s1")
                .ref("anthropic/claude-sonnet-4-5").reason("model_not_found").detail(UNKNOWN)
                .attr("nextProvider", "fakeoa").attr("nextModel", "ok").build());
        out.add(Ev.of(FALLBACK_CANDIDATE_SUCCEEDED).at(ovlEnd.plusMillis(5383)).run(run).session("lab-s1").ref("fakeoa/ok").build());
        out.add(Ev.of(RUN_SUCCEEDED).at(ovlEnd.plusMillis(5462)).run(run).level(3).build());
        return out;
    }
}
