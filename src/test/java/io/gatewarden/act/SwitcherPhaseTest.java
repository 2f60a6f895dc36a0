package io.gatewarden.act;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwitcherPhaseTest {
    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    static final SwitcherState SWITCHED = SwitcherState.empty()
            .withSwitch("fakeoa/rl-429", List.of("fakeanth/ovl-529"), "fakeanth/ovl-529", null, AT, "inc-1");

    @Test
    void aStateIsSettledInTheOnePhaseItFits() {
        assertThat(SwitcherPhase.settled(SwitcherState.empty())).isInstanceOf(SwitcherPhase.Idle.class);
        assertThat(SwitcherPhase.settled(SwitcherState.empty().withFailBack(AT, Duration.ofMinutes(10))))
                .as("a remembered fail-back is still idle").isInstanceOf(SwitcherPhase.Idle.class);
        assertThat(SwitcherPhase.settled(SWITCHED)).isInstanceOf(SwitcherPhase.Switched.class);
        assertThat(SwitcherPhase.settled(SwitcherState.empty().withPin("fakeoa/ok", AT, "r"))).isInstanceOf(SwitcherPhase.Pinned.class);
        assertThat(SwitcherPhase.settled(SWITCHED.withPin("fakeoa/ok", AT, "r")))
                .as("a pin wins over an episode read from an older file").isInstanceOf(SwitcherPhase.Pinned.class);
    }

    @Test
    void aPhaseRefusesAStateThatContradictsIt() {
        assertThatThrownBy(() -> new SwitcherPhase.Idle(SWITCHED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SwitcherPhase.Switched(SwitcherState.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SwitcherPhase.Switched(SWITCHED.withPin("fakeoa/ok", AT, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SwitcherPhase.Pinned(SWITCHED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStateChangeWhileAWriteWaits_keepsTheWriteWaiting() {
        PendingSwitch write = new PendingSwitch(null, PrimarySwitcher.PIN, "fakeoa/rl-429", "fakeoa/ok",
                "agents.defaults.model.primary", null, AT.plusSeconds(10), 0, Duration.ZERO, null, SwitcherState.empty());
        SwitcherPhase awaiting = new SwitcherPhase.AwaitingReload(write, SwitcherState.empty().withPin("fakeoa/ok", AT, null));

        SwitcherPhase unpinned = awaiting.with(awaiting.state().withPin(null, null, null));
        assertThat(unpinned).isInstanceOf(SwitcherPhase.AwaitingReload.class);
        assertThat(((SwitcherPhase.AwaitingReload) unpinned).write()).isSameAs(write);
        assertThat(unpinned.state().pinned()).isNull();
        assertThat(new SwitcherPhase.Pinned(awaiting.state()).with(SwitcherState.empty())).isInstanceOf(SwitcherPhase.Idle.class);
    }
}
