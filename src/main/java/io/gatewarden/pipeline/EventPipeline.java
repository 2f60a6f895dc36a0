package io.gatewarden.pipeline;

import io.gatewarden.detect.DetectorChain;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.LineParser;
import io.gatewarden.run.RequestOutcome;
import io.gatewarden.run.RunModel;
import io.gatewarden.time.EventClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * parse -> detect -> incident, for one gateway. The daemon and `replay` run this same object; they differ only in
 * where lines come from and in the clock (wall clock vs. {@link io.gatewarden.time.EventClock}).
 * Not thread-safe: one thread feeds it (the tail thread, or replay's reader).
 */
public final class EventPipeline {
    private static final System.Logger LOG = System.getLogger(EventPipeline.class.getName());

    private final LineParser parser;
    private final DetectorChain detector;
    private final IncidentSink sink;
    private final Clock clock;
    private final Consumer<Instant> ticker;
    private final Duration tickEvery;
    private final PipelineStats stats = new PipelineStats();
    private final List<Consumer<GatewayEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<RequestOutcome>> requestListeners = new CopyOnWriteArrayList<>();
    private Instant lastTick = Instant.MIN;

    /**
     * @param ticker    called with the clock's time at most every {@code tickEvery}: resolves quiet incidents,
     *                  lets detectors act on silence
     */
    public EventPipeline(LineParser parser, DetectorChain detector, IncidentSink sink, Clock clock,
                         Consumer<Instant> ticker, Duration tickEvery) {
        this.parser = parser;
        this.detector = detector;
        this.sink = sink;
        this.clock = clock;
        this.ticker = ticker;
        this.tickEvery = tickEvery;
    }

    /** Other consumers of events (breakers, the primary switcher); each is isolated from the others. */
    public void addEventListener(Consumer<GatewayEvent> listener) {
        eventListeners.add(listener);
    }

    /** Consumers of provider requests (breakers, call rates): each request once, as the run model settled it. */
    public void addRequestListener(Consumer<RequestOutcome> listener) {
        requestListeners.add(listener);
    }

    /** The one model of what the gateway did (runs, sessions, cooldowns) that the detectors read. */
    public RunModel runModel() {
        return detector.runModel();
    }

    public DetectorChain detectors() {
        return detector;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** One raw log line, without its terminator. */
    public GatewayEvent acceptLine(String line) {
        stats.line(line.length());
        GatewayEvent event = parser.parse(line);
        stats.event(event.type());
        if (event.type() == EventType.MALFORMED) return event;
        dispatch(event);
        return event;
    }

    /**
     * A line parsed elsewhere (replay parses on worker threads, or from the read buffer's bytes; {@link LineParser}
     * is stateless), counted as {@link #acceptLine} counts it.
     *
     * @param lineLength the raw line's length (replay gives its UTF-8 bytes, {@link #acceptLine} counts chars)
     */
    public void acceptParsed(GatewayEvent event, int lineLength) {
        stats.line(lineLength);
        stats.event(event.type());
        if (event.type() == EventType.MALFORMED) return;
        dispatch(event);
    }

    private void dispatch(GatewayEvent event) {
        // replay runs on log time: the newest event time is "now" for every window and quiet period
        if (clock instanceof EventClock eventClock) eventClock.advanceTo(event.time());
        detector.onEvent(event, sink);
        List<RequestOutcome> requests = detector.lastRequests();
        for (Consumer<GatewayEvent> l : eventListeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                stats.listenerError();
                LOG.log(System.Logger.Level.WARNING, "event listener failed on " + event.type() + "; pipeline goes on", e);
            }
        }
        for (RequestOutcome r : requests) {
            for (Consumer<RequestOutcome> l : requestListeners) {
                try {
                    l.accept(r);
                } catch (RuntimeException e) {
                    stats.listenerError();
                    LOG.log(System.Logger.Level.WARNING, "request listener failed on a request to " + r.modelRef() + "; pipeline goes on", e);
                }
            }
        }
        maybeTick();
    }

    /** Ticks when due; the daemon also calls {@link #tick()} from a timer so silence is noticed without lines. */
    public void maybeTick() {
        Instant now = clock.instant();
        if (!now.isBefore(lastTick.plus(tickEvery)) || now.isBefore(lastTick)) tick(now);
    }

    public void tick() {
        tick(clock.instant());
    }

    private void tick(Instant now) {
        lastTick = now;
        detector.onTick(now, sink);
        ticker.accept(now);
    }
}
