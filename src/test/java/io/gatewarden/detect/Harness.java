package io.gatewarden.detect;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.RecordingListener;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.testsupport.MutableClock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The real detector chain feeding a real tracker, with time taken from the events (as in replay). */
final class Harness {
    final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    final DetectorChain chain;
    final IncidentTracker tracker;
    final RecordingListener listener = new RecordingListener();

    Harness() {
        this(DetectSettings.defaults(), IncidentSettings.defaults());
    }

    Harness(DetectSettings ds, IncidentSettings is) {
        this.chain = DetectorChain.standard(ds);
        this.tracker = new IncidentTracker(is, clock);
        tracker.addListener(listener);
    }

    Harness feed(Ev... events) {
        for (Ev e : events) feed(e.build());
        return this;
    }

    Harness feed(GatewayEvent e) {
        if (e.time() != null && e.time().isAfter(clock.instant())) clock.set(e.time());
        chain.onEvent(e, tracker);
        return this;
    }

    Harness tick(Instant now) {
        if (now.isAfter(clock.instant())) clock.set(now);
        chain.onTick(now, tracker);
        tracker.tick(now);
        return this;
    }

    /** Every incident of a type, open or resolved, oldest first. */
    List<Incident> all(IncidentType type) {
        List<Incident> out = new ArrayList<>();
        List<Incident> rec = new ArrayList<>(tracker.recent());
        java.util.Collections.reverse(rec);
        for (Incident i : rec) if (i.type() == type) out.add(i);
        for (Incident i : tracker.open()) if (i.type() == type) out.add(i);
        return out;
    }

    List<Incident> open(IncidentType type) {
        return tracker.open().stream().filter(i -> i.type() == type).toList();
    }
}
