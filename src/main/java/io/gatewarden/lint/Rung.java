package io.gatewarden.lint;

/**
 * One rung of a fallback chain.
 *
 * @param position   1 for the primary, 2 for the first fallback, ...
 * @param ref        the ref as resolved ({@code provider/model}); an alias is replaced by what it stands for
 * @param provider   provider id (null for an unresolvable bare ref)
 * @param model      model id within the provider (may contain {@code /} and {@code :})
 * @param configPath where the rung is written, e.g. {@code agents.defaults.model.fallbacks[1]}
 * @param written    the ref exactly as written (differs from {@code ref} for an alias)
 */
public record Rung(int position, String ref, String provider, String model, String configPath, String written) {
    /** {@code 3 openai/gpt-4.1}: how a human refers to a rung. */
    public String label() {
        return position + " " + ref;
    }
}
