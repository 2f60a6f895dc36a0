package io.gatewarden.act;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.testsupport.MutableClock;
import io.gatewarden.state.StateJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * switcher.json files written by the PrimarySwitcher of before the explicit phases (fixtures/switcher, see its README)
 * load into the same phase, act the same, and are written back field for field.
 */
class SwitcherStoreCompatTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/switcher");
    static final ActSettings LIVE = ActSettings.defaults().withDryRun(false);

    @TempDir Path dir;
    final MutableClock clock = MutableClock.at("2026-11-23T12:10:00Z");

    /** A switcher started on {@code fixture} as its switcher.json, with the config's primary set to {@code primary}. */
    private SwitcherHarness startedOn(String fixture, String primary) throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.copy(FIXTURES.resolve(fixture), dir.resolve("state/switcher.json"));
        Files.writeString(dir.resolve("openclaw.json"), Files.readString(PrimarySwitcherTest.INITIAL)
                .replace("\"primary\": \"fakeoa/rl-429\"", "\"primary\": \"" + primary + "\""));
        return new SwitcherHarness(clock, dir, dir.resolve("openclaw.json"), LIVE, true);
    }

    @Test
    void aSwitchEpisode_loadsAsSwitched_andFailsBackToItsOriginalPrimary() throws Exception {
        SwitcherHarness h = startedOn("switched.json", "fakeanth/ovl-529");

        assertThat(h.switcher.phase()).isInstanceOf(SwitcherPhase.Switched.class);
        SwitcherState s = h.switcher.state();
        assertThat(s.originalPrimary()).isEqualTo("fakeoa/rl-429");
        assertThat(s.switchedTo()).isEqualTo("fakeanth/ovl-529");
        assertThat(s.originalFallbacks()).containsExactly("fakeanth/ovl-529", "anthropic/claude-sonnet-4-5", "fakeoa/ok");
        assertThat(s.switchedAt()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));

        h.switcher.tick(); // no breaker of the original primary is left open: the episode ends with a fail-back
        assertThat(h.primary()).isEqualTo("fakeoa/rl-429");
        assertThat(h.outcomes()).containsExactly("fail_back written fakeoa/rl-429");
        assertThat(h.switcher.phase()).isInstanceOf(SwitcherPhase.AwaitingReload.class);
        h.applied("agents.defaults.model.primary");
        assertThat(h.switcher.phase()).isInstanceOf(SwitcherPhase.Idle.class);
        assertThat(h.switcher.state().failedBackAt()).isEqualTo(clock.instant());
    }

    @Test
    void aRecentFailBack_loadsAsIdle_andAFailureWithinItsDwellDoublesTheNextDwell() throws Exception {
        clock.set(Instant.parse("2026-11-23T12:08:00Z")); // within the 5 min dwell of the fail-back at 12:06:31.9
        SwitcherHarness h = startedOn("failed-back.json", "fakeoa/rl-429");

        assertThat(h.switcher.phase()).isInstanceOf(SwitcherPhase.Idle.class);
        assertThat(h.switcher.state().failedBackAt()).isEqualTo(Instant.parse("2026-11-23T12:06:31.900Z"));
        assertThat(h.switcher.state().dwell()).isEqualTo(Duration.ofMinutes(5));

        h.storm("fakeoa/rl-429", "rate_limit");
        assertThat(h.outcomes()).containsExactly("switch_primary written fakeanth/ovl-529");
        assertThat(h.switcher.state().dwell()).isEqualTo(Duration.ofMinutes(10));
        assertThat(h.journal.readAll().get(0).reason()).contains("did not hold", "doubles to 10m");
    }

    @Test
    void aPin_loadsAsPinned_andHoldsAgainstAnOpenBreaker() throws Exception {
        SwitcherHarness h = startedOn("pinned.json", "fakeoa/ok");

        assertThat(h.switcher.phase()).isInstanceOf(SwitcherPhase.Pinned.class);
        assertThat(h.switcher.state().pinned()).isEqualTo("fakeoa/ok");
        assertThat(h.switcher.state().pinReason()).isEqualTo("operator test");

        h.storm("fakeoa/ok", "rate_limit");
        assertThat(h.primary()).isEqualTo("fakeoa/ok");
        assertThat(h.journalLines()).containsExactly("switch_primary declined pinned");
        assertThat(h.switcher.unpin("done").outcome()).isEqualTo("unpinned");
        assertThat(h.switcher.phase()).isInstanceOf(SwitcherPhase.Idle.class);
    }

    @Test
    void eachFixture_isWrittenBackFieldForField() throws Exception {
        for (String name : List.of("switched.json", "failed-back.json", "pinned.json")) {
            Path copy = dir.resolve(name);
            SwitcherStore store = new SwitcherStore(copy, clock);
            Files.copy(FIXTURES.resolve(name), copy);
            SwitcherState loaded = store.load();
            Files.delete(copy);
            store.save(loaded);
            JsonNode before = StateJson.mapper().readTree(FIXTURES.resolve(name).toFile());
            JsonNode after = StateJson.mapper().readTree(copy.toFile());
            assertThat(after).as(name).isEqualTo(before);
        }
    }
}
