package io.gatewarden.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds back silenced and inhibited alerts (Alertmanager's {@code MuteStage} for silences and for inhibition in
 * one). Silences and the inhibition index are taken once per dispatcher pass ({@link #newPass}), so every flush
 * of a pass sees the same ones.
 */
final class MuteStage implements NotifyStage {
    private final SilenceStore silences;
    private final Inhibitor inhibitor;
    final AtomicLong muted = new AtomicLong();
    private List<Silence> active;
    private Inhibitor.Index inhibit;
    private Instant passAt;

    MuteStage(SilenceStore silences, Inhibitor inhibitor) {
        this.silences = silences;
        this.inhibitor = inhibitor;
    }

    /** Takes the silences active now and the firing inhibition sources among {@code all}. */
    void newPass(Instant now, Collection<TrackedAlert> all) {
        active = silences.activeAt(now);
        inhibit = inhibitor.index(all);
        passAt = now;
    }

    /** Always passes on (an all-muted group may still end its episode); the muted alerts go to {@link Flush#muted}. */
    @Override
    public Outcome exec(Flush flush) {
        if (inhibit == null) throw new IllegalStateException("MuteStage.newPass was not called before a flush");
        List<TrackedAlert> pass = new ArrayList<>(flush.alerts.size());
        for (TrackedAlert a : flush.alerts) {
            if (muted(a)) {
                muted.incrementAndGet();
                flush.muted.add(a);
            } else {
                pass.add(a);
            }
        }
        flush.alerts = pass;
        return Outcome.PASS;
    }

    private boolean muted(TrackedAlert a) {
        for (Silence s : active) {
            if (s.mutes(a.labels(), passAt)) return true;
        }
        return inhibit.inhibitorOf(a) != null;
    }
}
