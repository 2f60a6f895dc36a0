package io.gatewarden.lint;

import java.util.List;
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

    /** Stable identity while the finding stays: agent, code and the rungs it is about. */
    public String key() {
        return agent + "|" + code.wireName() + "|" + rungs.stream().map(Rung::label).collect(Collectors.joining(","));
    }
}
