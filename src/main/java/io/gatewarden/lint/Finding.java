package io.gatewarden.lint;

import io.gatewarden.incident.Labels;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One thing wrong with a chain.
 *
 * @param agent    {@code defaults} for {@code agents.defaults.model}, an agent id for its own chain, or
 *                 {@code config} for findings about the whole file
 * @param rungs    the rungs it is about (empty for chain- or file-level findings), in chain order
 * @param message  what is wrong, in one line
 * @param fix      what to do about it, in one line
 */
public record Finding(String agent, LintSeverity severity, FindingCode code, List<Rung> rungs, String message, String fix) {
    public Finding {
        rungs = List.copyOf(rungs);
    }

    /** The first rung it is about, or null. */
    public Rung rung() {
        return rungs.isEmpty() ? null : rungs.get(0);
    }

    /** Rung positions joined with commas ({@code "1,2"}), or "" when it is not about rungs. */
    public String positions() {
        return rungs.stream().map(r -> String.valueOf(r.position())).collect(Collectors.joining(","));
    }

    /**
     * Incident labels: agent, code, rung (positions), provider (when all rungs share one) and model (when the finding
     * is about one model). They are the finding's identity: an edit that keeps them keeps the incident.
     */
    public Map<String, String> labels() {
        Rung first = rung();
        String provider = first != null && rungs.stream().map(Rung::provider).filter(Objects::nonNull).distinct().count() == 1
                && first.provider() != null ? first.provider() : null;
        String model = first != null && rungs.stream().map(Rung::ref).distinct().count() == 1 ? first.model() : null;
        return Labels.of("agent", agent, "code", code.wireName(), "rung", positions(), "provider", provider, "model", model);
    }

    /** Stable identity while the finding stays (its labels as one string). */
    public String key() {
        return labels().toString();
    }
}
