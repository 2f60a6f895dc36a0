package io.gatewarden.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A silence: while active, alerts whose labels match every matcher are not notified.
 *
 * @param id        stable id ({@code cfg-…} for silences from config)
 * @param endsAt    the silence expires here; expiring it early sets this to the expiry time
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment) {
    public Silence {
        matchers = List.copyOf(matchers);
        comment = comment == null ? "" : comment;
        createdBy = createdBy == null ? "" : createdBy;
    }

    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** pending (starts later), active, or expired. */
    public String stateAt(Instant now) {
        if (now.isBefore(startsAt)) return "pending";
        return now.isBefore(endsAt) ? "active" : "expired";
    }

    public boolean mutes(Map<String, String> labels, Instant now) {
        return activeAt(now) && Matcher.all(matchers, labels);
    }
}
