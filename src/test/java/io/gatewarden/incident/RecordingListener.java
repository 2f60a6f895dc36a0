package io.gatewarden.incident;

import java.util.ArrayList;
import java.util.List;

/** Remembers every lifecycle call, as "opened:id", "updated:id", "resolved:id". */
public final class RecordingListener implements IncidentListener {
    public final List<String> calls = new ArrayList<>();
    public final List<Incident> incidents = new ArrayList<>();

    @Override public void opened(Incident i) { calls.add("opened:" + i.type().wireName()); incidents.add(i); }
    @Override public void updated(Incident i) { calls.add("updated:" + i.type().wireName()); incidents.add(i); }
    @Override public void resolved(Incident i) { calls.add("resolved:" + i.type().wireName()); incidents.add(i); }

    public long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }
}
