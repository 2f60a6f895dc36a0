package io.gatewarden.act;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Today's paid calls per credential, against {@code act.spend_guard.budget}. A day is a calendar day in the configured
 * zone, read from the injected clock; the counts start again at midnight there. Credentials are the auth profiles as
 * the gateway logs them (OpenClaw logs {@code sha256:…} hashes, never keys). Not thread-safe: the spend guard holds it
 * under its lock.
 */
public final class PaidCallBudget {
    /** A threshold a credential crossed with its latest call. */
    enum Crossed { NONE, WARN, SPENT }

    /** One credential's day, for the status page and the API. */
    public record Usage(String credential, long calls, long limit, boolean warned, boolean spent) {}

    /** What survives a restart of gatewarden (inside the spend guard's state file). */
    public record Saved(LocalDate day, Map<String, Long> calls, Set<String> warned, Set<String> spent) {}

    private final SpendSettings.Budget settings;
    private final Clock clock;
    private LocalDate day;
    private final Map<String, Long> calls = new LinkedHashMap<>();
    private final Set<String> warned = new LinkedHashSet<>();
    private final Set<String> spent = new LinkedHashSet<>();

    PaidCallBudget(SpendSettings.Budget settings, Clock clock, Saved saved) {
        this.settings = settings;
        this.clock = clock;
        this.day = today();
        if (saved != null && day.equals(saved.day())) {
            if (saved.calls() != null) calls.putAll(saved.calls());
            if (saved.warned() != null) warned.addAll(saved.warned());
            if (saved.spent() != null) spent.addAll(saved.spent());
        }
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), settings.zone());
    }

    /** Starts a new day when the clock passed midnight; true when it did (yesterday's warnings end). */
    boolean rollOver() {
        LocalDate now = today();
        if (now.equals(day)) return false;
        day = now;
        calls.clear();
        warned.clear();
        spent.clear();
        return true;
    }

    /**
     * Counts one paid call of {@code credential}; says which threshold (if any) this call crossed first. The owner calls
     * {@link #rollOver} first, so that it hears of the new day (its alerts resolve) whichever look comes first.
     */
    Crossed record(String credential) {
        long n = calls.merge(credential, 1L, Long::sum);
        long limit = settings.limitFor(credential);
        if (limit <= 0) return Crossed.NONE;
        if (n >= limit && spent.add(credential)) {
            warned.add(credential);
            return Crossed.SPENT;
        }
        if (n >= Math.ceil(settings.warnAt() * limit) && warned.add(credential)) return Crossed.WARN;
        return Crossed.NONE;
    }

    /** Some credential has spent its budget today. */
    boolean anySpent() {
        return !spent.isEmpty();
    }

    Set<String> spent() {
        return Set.copyOf(spent);
    }

    LocalDate day() {
        return day;
    }

    List<Usage> usage() {
        List<Usage> out = new ArrayList<>();
        calls.forEach((c, n) -> out.add(new Usage(c, n, settings.limitFor(c), warned.contains(c), spent.contains(c))));
        return out;
    }

    /** One credential's day so far. */
    Usage usageOf(String credential) {
        return new Usage(credential, calls.getOrDefault(credential, 0L), settings.limitFor(credential), warned.contains(credential),
                spent.contains(credential));
    }

    Saved saved() {
        return new Saved(day, Map.copyOf(calls), Set.copyOf(warned), Set.copyOf(spent));
    }
}
