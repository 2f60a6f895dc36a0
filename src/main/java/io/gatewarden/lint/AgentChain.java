package io.gatewarden.lint;

import java.util.List;

/**
 * The effective fallback chain of one agent, as OpenClaw builds it from the config.
 *
 * @param agent          {@code defaults} or the agent id
 * @param rungs          primary first, then fallbacks in order
 * @param strictByChoice the config says {@code fallbacks: []}: a single rung is deliberate
 * @param primaryMissing fallbacks are set but no primary (the gateway then uses its built-in default first)
 * @param source         where the chain is written
 */
public record AgentChain(String agent, List<Rung> rungs, boolean strictByChoice, boolean primaryMissing, String source) {
    public AgentChain {
        rungs = List.copyOf(rungs);
    }
}
