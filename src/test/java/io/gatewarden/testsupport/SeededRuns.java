package io.gatewarden.testsupport;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a property a number of times, each try with its own {@link Random} derived from one seed. The seed is fixed
 * (so a build is repeatable) unless {@code -Dgatewarden.seed=N} sets it, or {@code -Dgatewarden.seed=random} asks
 * for a new one; a failing try reports the seed and the try, and the same seed replays the same tries.
 */
public final class SeededRuns {
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 0x6A7E3A2DL;
    public static final String PROPERTY = "gatewarden.seed";

    private SeededRuns() {}

    /** The seed of this run: the {@value #PROPERTY} system property, or {@link #DEFAULT_SEED}. */
    public static long seed() {
        String s = System.getProperty(PROPERTY);
        if (s == null || s.isBlank()) return DEFAULT_SEED;
        if (s.strip().equalsIgnoreCase("random")) return new Random().nextLong();
        return Long.decode(s.strip());
    }

    /** Calls {@code property} {@code tries} times, each with a fresh Random; a failure names the seed and the try. */
    public static void forEach(int tries, Consumer<Random> property) {
        long seed = seed();
        for (int i = 0; i < tries; i++) {
            Random r = new Random(seed * 1_000_003L + i);
            try {
                property.accept(r);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("try " + i + " of " + tries + " failed with seed " + seed
                        + " (replay: -D" + PROPERTY + "=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    /** Like {@link #forEach(int, Consumer)} for a property that declares checked exceptions. */
    public static void forEachChecked(int tries, CheckedProperty property) {
        forEach(tries, r -> {
            try {
                property.check(r);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @FunctionalInterface
    public interface CheckedProperty {
        void check(Random r) throws Exception;
    }
}
