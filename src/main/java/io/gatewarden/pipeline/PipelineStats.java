package io.gatewarden.pipeline;

import io.gatewarden.parse.EventType;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what went through the pipeline; read by metrics and by `replay`'s summary. */
public final class PipelineStats {
    private final LongAdder lines = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder oversized = new LongAdder();
    private final LongAdder listenerErrors = new LongAdder();
    private final EnumMap<EventType, LongAdder> byType = new EnumMap<>(EventType.class);

    public PipelineStats() {
        for (EventType t : EventType.values()) byType.put(t, new LongAdder());
    }

    void line(int length) {
        lines.increment();
        bytes.add(length + 1L);
    }

    void event(EventType t) {
        byType.get(t).increment();
        if (t == EventType.MALFORMED) malformed.increment();
    }

    /** Lines the reader dropped before parsing (longer than the cap). */
    public void oversizedLines(long n) {
        oversized.add(n);
    }

    void listenerError() {
        listenerErrors.increment();
    }

    public long lines() { return lines.sum(); }
    public long bytes() { return bytes.sum(); }
    public long malformed() { return malformed.sum(); }
    public long oversized() { return oversized.sum(); }
    public long listenerErrors() { return listenerErrors.sum(); }

    public long events(EventType t) { return byType.get(t).sum(); }

    public Map<EventType, Long> eventsByType() {
        EnumMap<EventType, Long> m = new EnumMap<>(EventType.class);
        byType.forEach((k, v) -> { long n = v.sum(); if (n > 0) m.put(k, n); });
        return m;
    }
}
