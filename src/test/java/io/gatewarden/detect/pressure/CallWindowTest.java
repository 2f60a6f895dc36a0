package io.gatewarden.detect.pressure;

import io.gatewarden.testsupport.SeededRuns;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CallWindow's range sums visit only the slots a range can touch; they must equal, to the last bit, the full scan of
 * all slots they replaced (kept here as the reference), for ranges of every size, ring wrap-around and stale slots.
 */
class CallWindowTest {
    @Test
    void rangeSumsEqualTheFullScanBitForBit() {
        SeededRuns.forEach(200, rnd -> {
            CallWindow w = new CallWindow();
            Reference ref = new Reference();
            Instant t = Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(1_000_000), rnd.nextInt(1000) * 1_000_000L);
            int calls = 1 + rnd.nextInt(400);
            for (int i = 0; i < calls; i++) {
                // mostly seconds apart, sometimes a jump of hours (stale slots), sometimes back in time
                long step = rnd.nextInt(10) == 0 ? rnd.nextInt(20_000) : rnd.nextInt(30);
                t = t.plusSeconds(rnd.nextInt(20) == 0 ? -rnd.nextInt(600) : step).plusMillis(rnd.nextInt(1000));
                long tokens = rnd.nextInt(5000);
                w.add(t, tokens);
                ref.add(t, tokens);
                Instant now = t.plusMillis(rnd.nextInt(5000));
                for (long span : new long[] {1, 60, 599, 600, 3600, 3610, 3620, 7200, 86_400, 90_000, rnd.nextInt(100_000) + 1}) {
                    Instant from = now.minusSeconds(span).minusMillis(rnd.nextInt(1000));
                    Instant to = rnd.nextBoolean() ? now : now.minusSeconds(rnd.nextInt((int) span + 1));
                    String at = "call " + i + " span " + span;
                    assertThat(Double.doubleToLongBits(w.calls(from, to, now))).as(at)
                            .isEqualTo(Double.doubleToLongBits(ref.sum(from, to, now, false)));
                    assertThat(Double.doubleToLongBits(w.tokens(from, to, now))).as(at)
                            .isEqualTo(Double.doubleToLongBits(ref.sum(from, to, now, true)));
                }
            }
        });
    }

    /** The two rings with the full scan of every slot, as CallWindow summed before issue 15. */
    private static final class Reference {
        final int[][] sizes = {{10, 362}, {600, 146}};
        final long[][] ids = new long[2][];
        final int[][] calls = new int[2][];
        final long[][] tokens = new long[2][];

        Reference() {
            for (int r = 0; r < 2; r++) {
                ids[r] = new long[sizes[r][1]];
                java.util.Arrays.fill(ids[r], -1);
                calls[r] = new int[sizes[r][1]];
                tokens[r] = new long[sizes[r][1]];
            }
        }

        void add(Instant at, long tok) {
            for (int r = 0; r < 2; r++) {
                long id = Math.floorDiv(at.getEpochSecond(), sizes[r][0]);
                int i = (int) Math.floorMod(id, ids[r].length);
                if (ids[r][i] != id) {
                    if (ids[r][i] > id) continue;
                    ids[r][i] = id;
                    calls[r][i] = 0;
                    tokens[r][i] = 0;
                }
                calls[r][i]++;
                tokens[r][i] += tok;
            }
        }

        double sum(Instant from, Instant to, Instant now, boolean ofTokens) {
            int r = java.time.Duration.between(from, now).getSeconds() < (long) sizes[0][0] * sizes[0][1] - sizes[0][0] ? 0 : 1;
            int bucketSeconds = sizes[r][0];
            long nowMs = now.toEpochMilli() + 1;
            long fromMs = from.toEpochMilli();
            long toMs = to.isBefore(now) ? to.toEpochMilli() : nowMs;
            if (toMs <= fromMs) return 0;
            double total = 0;
            for (int i = 0; i < ids[r].length; i++) {
                if (ids[r][i] < 0) continue;
                long bs = ids[r][i] * bucketSeconds * 1000L;
                long be = Math.min(bs + bucketSeconds * 1000L, Math.max(nowMs, bs + 1));
                long overlap = Math.min(be, toMs) - Math.max(bs, fromMs);
                if (overlap <= 0) continue;
                double share = Math.min(1.0, overlap / (double) (be - bs));
                total += share * (ofTokens ? tokens[r][i] : calls[r][i]);
            }
            return total;
        }
    }
}
