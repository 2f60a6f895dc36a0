package io.gatewarden.gateway;

/**
 * One {@code models.providers.<id>.models[]} row.
 *
 * @param costInput  {@code cost.input} per million tokens, null when not written
 * @param costOutput {@code cost.output}, null when not written
 */
public record ModelDefinition(String id, String name, Double costInput, Double costOutput) {
    /** A definition that says it costs nothing (what local runtimes and free tiers declare). */
    public boolean zeroCost() {
        return costInput != null && costOutput != null && costInput == 0.0 && costOutput == 0.0;
    }
}
