package io.gatewarden.window;

import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketRingTest {
    private static final int A = 0;
    private static final int B = 1;

    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00.250Z");
    /** Ten one-second buckets, two channels. */
    private final BucketRing ring = new BucketRing(Duration.ofSeconds(1), 10, 2);

    private long now() {
        return ring.bucketOf(clock.instant());
    }

    private long lastTen(int channel) {
        return ring.sum(now() - 9, now(), channel);
    }

    @Test
    void bucketsAreWholeWidthsOfEpochTime() {
        assertThat(ring.bucketOf(Instant.parse("1970-01-01T00:00:01.999Z"))).isEqualTo(1);
        assertThat(ring.bucketOf(Instant.parse("1969-12-31T23:59:59.500Z"))).isEqualTo(-1);
        assertThat(ring.span()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ring.slotOf(-1)).isEqualTo(9);
    }

    @Test
    void countsPerChannelAndAgesBucketsOut() {
        ring.add(now(), A, 1);
        ring.add(now(), B, 5);
        clock.advance(Duration.ofSeconds(4));
        ring.add(now(), A, 2);
        assertThat(lastTen(A)).isEqualTo(3);
        assertThat(lastTen(B)).isEqualTo(5);
        assertThat(ring.count(now(), A)).isEqualTo(2);
        assertThat(ring.count(now() - 4, B)).isEqualTo(5);

        clock.advance(Duration.ofSeconds(6)); // the first bucket is 10 s old: out of (now - 10 s, now]
        assertThat(lastTen(A)).isEqualTo(2);
        assertThat(lastTen(B)).isZero();
        clock.advance(Duration.ofHours(5)); // a jump forward ages everything out
        assertThat(lastTen(A)).isZero();
    }

    @Test
    void aReusedSlotStartsFromZeroInEveryChannel() {
        long first = now();
        ring.add(first, A, 3);
        ring.add(first, B, 4);
        ring.add(first + 10, A, 1); // same slot, ten buckets later
        assertThat(ring.count(first, A)).isZero();
        assertThat(ring.count(first + 10, A)).isEqualTo(1);
        assertThat(ring.count(first + 10, B)).isZero();
    }

    @Test
    void afterAClockStepBackLaterBucketsAreIgnoredNeverSubtracted() {
        ring.add(now(), A, 1);
        clock.advance(Duration.ofSeconds(5));
        ring.add(now(), A, 1);
        clock.advance(Duration.ofSeconds(-3)); // NTP step back: the bucket at +5 s is "in the future"
        assertThat(lastTen(A)).isEqualTo(1);
        ring.add(now(), A, 1);
        assertThat(lastTen(A)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(3));
        assertThat(lastTen(A)).isEqualTo(3);
    }

    @Test
    void claimEmptiesAReusedSlotOnceForAllChannels() {
        long t = now();
        ring.add(t, A, 2);
        int slot = ring.claim(t);
        ring.addAt(slot, B, 3);
        assertThat(ring.count(t, A)).isEqualTo(2); // the same bucket: kept
        assertThat(ring.count(t, B)).isEqualTo(3);
        int reused = ring.claim(t + 10);
        assertThat(reused).isEqualTo(slot);
        assertThat(ring.countAt(reused, A)).isZero();
        assertThat(ring.countAt(reused, B)).isZero();
    }

    @Test
    void holdsNewerThanTellsALateAddFromAFreshOne() {
        long t = now();
        ring.add(t + 10, A, 1);
        assertThat(ring.holdsNewerThan(t)).isTrue();
        assertThat(ring.holdsNewerThan(t + 10)).isFalse();
        assertThat(ring.holdsNewerThan(t + 20)).isFalse();
        assertThat(ring.holdsNewerThan(t + 1)).isFalse(); // an empty slot
    }

    @Test
    void slotAccessSeesWhatEachSlotHolds() {
        long t = now();
        ring.add(t, B, 7);
        int slot = ring.slotOf(t);
        assertThat(ring.bucketAt(slot)).isEqualTo(t);
        assertThat(ring.countAt(slot, B)).isEqualTo(7);
        assertThat(ring.bucketAt(ring.slotOf(t + 1))).isEqualTo(BucketRing.EMPTY);
        ring.clear();
        assertThat(ring.bucketAt(slot)).isEqualTo(BucketRing.EMPTY);
        assertThat(lastTen(B)).isZero();
    }

    @Test
    void refusesAShapeItCannotHold() {
        assertThatThrownBy(() -> new BucketRing(Duration.ZERO, 10, 1)).hasMessageContaining("bucket width must be at least 1ms");
        assertThatThrownBy(() -> new BucketRing(Duration.ofSeconds(1), 0, 1)).hasMessageContaining("slots must be at least 1");
        assertThatThrownBy(() -> new BucketRing(Duration.ofSeconds(1), 1, 0)).hasMessageContaining("channels must be at least 1");
    }
}
