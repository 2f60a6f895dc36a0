package io.gatewarden.gateway;

/**
 * One per-agent override ({@code agents.entries.<id>}, or a legacy {@code agents.list[]} item).
 *
 * @param model null when the agent does not set a model and so runs on {@code agents.defaults.model}
 * @param agentDir the agent's state folder when the config sets one (where a legacy auth-profiles.json may sit)
 */
public record AgentEntry(String id, ModelSelection model, String agentDir, String path) {}
