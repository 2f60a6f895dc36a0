package io.gatewarden.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingWindowCounterTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void countsWhatIsInsideTheWindowOnly() {
        SlidingWindowCounter c = new SlidingWindowCounter(Duration.ofMinutes(3), 180); // 1 s buckets
        c.add(T0);
        c.add(T0.plusSeconds(60), 2);
        c.add(T0.plusSeconds(120));
        assertThat(c.count(T0.plusSeconds(120))).isEqualTo(4);
        assertThat(c.count(T0.plusSeconds(180))).isEqualTo(3); // T0 aged out
        assertThat(c.count(T0.plusSeconds(240))).isEqualTo(1);
        assertThat(c.count(T0.plusSeconds(300))).isZero();
        assertThat(c.window()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aClockJumpingAnHourForwardEmptiesTheWindowAndGoingBackAMinuteNeverGoesNegative() {
        SlidingWindowCounter c = new SlidingWindowCounter(Duration.ofMinutes(5), 60);
        for (int i = 0; i < 100; i++) c.add(T0.plusSeconds(i));
        Instant jump = T0.plus(Duration.ofHours(1));
        assertThat(c.count(jump)).isZero();
        c.add(jump);
        assertThat(c.count(jump)).isEqualTo(1);
        // the clock goes back a minute: buckets "in the future" are not counted, nothing is subtracted
        Instant back = jump.minus(Duration.ofMinutes(1));
        assertThat(c.count(back)).isZero();
        c.add(back);
        assertThat(c.count(back)).isEqualTo(1);
        assertThat(c.count(jump)).isEqualTo(2);
        // an add older than the whole window behind the newest bucket is dropped, not wrapped into a live slot
        c.add(jump.minus(Duration.ofMinutes(30)));
        assertThat(c.dropped()).isEqualTo(1);
        assertThat(c.count(jump)).isEqualTo(2);
    }

    @Test
    void agreesWithABruteForceCountWithinOneBucket() {
        Random rnd = new Random(42);
        Duration window = Duration.ofSeconds(60);
        SlidingWindowCounter c = new SlidingWindowCounter(window, 60);
        List<Instant> adds = new ArrayList<>();
        Instant t = T0;
        Instant newest = T0;
        for (int i = 0; i < 3_000; i++) {
            t = t.plusMillis(rnd.nextInt(400)); // mostly forward ...
            if (rnd.nextInt(50) == 0) t = t.minusMillis(rnd.nextInt(3_000)); // ... sometimes a little back
            c.add(t);
            adds.add(t);
            if (t.isAfter(newest)) newest = t;
            Instant now = t;
            Instant horizon = newest.minus(window).plusSeconds(1); // the ring only holds the last window behind the newest add
            // exact to one bucket (1 s) at both edges: the oldest bucket may be partly outside the window, and the
            // current bucket may hold adds a little later than "now" after the clock stepped back
            long upper = adds.stream().filter(a -> a.isBefore(now.plusSeconds(1)) && a.isAfter(now.minus(window).minusSeconds(1))).count();
            long lower = adds.stream().filter(a -> !a.isAfter(now) && a.isAfter(now.minus(window).plusSeconds(1))
                    && a.isAfter(horizon)).count();
            assertThat(c.count(now)).isBetween(lower, upper);
            if (adds.size() > 800) adds.remove(0);
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new SlidingWindowCounter(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlidingWindowCounter(Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        SlidingWindowCounter c = SlidingWindowCounter.of(Duration.ofSeconds(10));
        c.add(null);
        c.add(T0, -5);
        assertThat(c.count(T0)).isZero();
        assertThat(c.count(null)).isZero();
    }
}
