package io.gatewarden.act;

import io.gatewarden.breaker.Events;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one reading of the gateway's reload lines that the switcher and the spend guard share. */
class ReloadConfirmationTest {
    static final Instant WRITE = Instant.parse("2026-12-06T17:36:38.150Z");

    @Test
    void appliedLine_confirmsAWriteToAPathItNames_orToAParentOrChildOfIt() {
        var line = Events.reloadApplied(WRITE.plusMillis(1970), "agents.defaults.model.fallbacks, agents.entries.spend.model.fallbacks");
        assertThat(ReloadConfirmation.judge(line, WRITE, List.of("agents.entries.spend.model.fallbacks"))).isEqualTo(ReloadConfirmation.Verdict.APPLIED);
        assertThat(ReloadConfirmation.judge(line, WRITE, List.of("agents.defaults.model.primary"))).isEqualTo(ReloadConfirmation.Verdict.NONE);
        var parent = Events.reloadApplied(WRITE.plusSeconds(1), "agents.entries.spend");
        assertThat(ReloadConfirmation.judge(parent, WRITE, List.of("agents.entries.spend.model.fallbacks"))).isEqualTo(ReloadConfirmation.Verdict.APPLIED);
        assertThat(ReloadConfirmation.judge(parent, WRITE, List.of("agents.entries.spendy.model.fallbacks"))).isEqualTo(ReloadConfirmation.Verdict.NONE);
    }

    @Test
    void linesFromBeforeTheWrite_sayNothingAboutIt_butSkewOfTheGatewaysClockIsAllowed() {
        var old = Events.reloadApplied(WRITE.minusSeconds(3), "agents.defaults.model.fallbacks");
        assertThat(ReloadConfirmation.judge(old, WRITE, List.of("agents.defaults.model.fallbacks"))).isEqualTo(ReloadConfirmation.Verdict.NONE);
        var skewed = Events.reloadApplied(WRITE.minusSeconds(1), "agents.defaults.model.fallbacks");
        assertThat(ReloadConfirmation.judge(skewed, WRITE, List.of("agents.defaults.model.fallbacks"))).isEqualTo(ReloadConfirmation.Verdict.APPLIED);
        var skipped = Events.reloadSkipped(WRITE.plusSeconds(1), "agents.defaults.model.fallbacks: Invalid input");
        assertThat(ReloadConfirmation.judge(skipped, WRITE, List.of("agents.defaults.model.fallbacks"))).isEqualTo(ReloadConfirmation.Verdict.SKIPPED);
        assertThat(ReloadConfirmation.judge(null, WRITE, List.of("x"))).isEqualTo(ReloadConfirmation.Verdict.NONE);
    }
}
