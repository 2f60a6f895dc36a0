package io.gatewarden.gateway;

import java.util.List;

/**
 * One {@code model} setting: {@code "provider/model"} or {@code {primary, fallbacks}}, as written.
 *
 * @param primary        the primary ref, or null when the object form leaves it out (an agent then inherits the default)
 * @param fallbacks      the fallback refs in order (empty when none are written)
 * @param fallbacksSet   true when {@code fallbacks} is written, even as {@code []} (an explicit "strict, no fallback")
 * @param stringForm     true for the plain string form
 * @param path           where it sits in the config, e.g. {@code agents.defaults.model}
 */
public record ModelSelection(String primary, List<String> fallbacks, boolean fallbacksSet, boolean stringForm, String path) {
    public ModelSelection {
        fallbacks = List.copyOf(fallbacks);
    }
}
