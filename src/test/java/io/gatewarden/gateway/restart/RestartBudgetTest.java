package io.gatewarden.gateway.restart;

import io.gatewarden.testsupport.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.gatewarden.gateway.restart.RestartBudget.Verdict.ALLOWED;
import static io.gatewarden.gateway.restart.RestartBudget.Verdict.TRIPPED;
import static io.gatewarden.gateway.restart.RestartBudget.Verdict.TRIPPED_NOW;
import static org.assertj.core.api.Assertions.assertThat;

class RestartBudgetTest {
    private static final RestartSettings.BudgetSettings THREE_IN_15M = new RestartSettings.BudgetSettings(3, Duration.ofMinutes(15));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));

    @Test
    void allowsMaxRestartsInTheWindowThenTripsAndStaysTripped() {
        RestartBudget b = new RestartBudget(dir.resolve("budget.json"), THREE_IN_15M, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(b.tryConsume("down")).isEqualTo(ALLOWED);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(b.used()).isEqualTo(3);
        assertThat(b.tryConsume("down")).isEqualTo(TRIPPED_NOW);
        assertThat(b.tryConsume("down")).isEqualTo(TRIPPED);
        clock.advance(Duration.ofHours(2)); // the window slid past every restart: still latched
        assertThat(b.tryConsume("down")).isEqualTo(TRIPPED);
        assertThat(b.tripped()).isTrue();
        b.reset();
        assertThat(b.tryConsume("down")).isEqualTo(ALLOWED);
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() {
        RestartBudget b = new RestartBudget(null, THREE_IN_15M, clock);
        b.tryConsume("a");
        clock.advance(Duration.ofMinutes(10));
        b.tryConsume("b");
        b.tryConsume("c");
        clock.advance(Duration.ofMinutes(5)); // the first one is now exactly 15 minutes old
        assertThat(b.used()).isEqualTo(2);
        assertThat(b.peek()).isEqualTo(ALLOWED);
        assertThat(b.tryConsume("d")).isEqualTo(ALLOWED);
        assertThat(b.peek()).isEqualTo(TRIPPED_NOW);
        assertThat(b.tripped()).isFalse(); // peek never trips
    }

    @Test
    void survivesAGatewardenRestart() {
        Path file = dir.resolve("budget.json");
        RestartBudget first = new RestartBudget(file, THREE_IN_15M, clock);
        first.tryConsume("a");
        first.tryConsume("b");
        RestartBudget second = new RestartBudget(file, THREE_IN_15M, clock);
        assertThat(second.used()).isEqualTo(2);
        assertThat(second.lastAttemptAt()).isEqualTo(clock.instant());
        second.tryConsume("c");
        assertThat(second.tryConsume("d")).isEqualTo(TRIPPED_NOW);

        RestartBudget third = new RestartBudget(file, THREE_IN_15M, clock);
        assertThat(third.tripped()).isTrue();
        assertThat(third.trippedReason()).isEqualTo("d");
        third.reset();
        assertThat(new RestartBudget(file, THREE_IN_15M, clock).tripped()).isFalse();
    }

    @Test
    void anUnreadableStateFileIsKeptAsideAndTheBudgetStartsEmpty() throws Exception {
        Path file = dir.resolve("budget.json");
        Files.writeString(file, "{not json");
        RestartBudget b = new RestartBudget(file, THREE_IN_15M, clock);
        assertThat(b.used()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("budget.json.corrupt-"));
        }
        assertThat(b.tryConsume("a")).isEqualTo(ALLOWED);
        assertThat(Files.readString(file)).contains("restarts");
    }
}
