package io.gatewarden.gateway;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code model} setting: {@code "provider/model"} or {@code {primary, fallbacks}}, as written.
 *
 * @param primary        the primary ref, or null when the object form leaves it out (an agent then inherits the default)
 * @param fallbacks      the fallback refs in order (empty when none are written)
 * @param fallbacksSet   true when {@code fallbacks} is written, even as {@code []} (an explicit "strict, no fallback")
 * @param stringForm     true for the plain string form
 * @param path           where it sits in the config, e.g. {@code agents.defaults.model}
 * @param primaryFile    the file whose text holds the primary (openclaw.json or an {@code $include}d file); null when
 *                       no primary is written
 * @param fallbacksFile  the file whose text holds {@code fallbacks}; null when they are not written
 */
public record ModelSelection(String primary, List<String> fallbacks, boolean fallbacksSet, boolean stringForm, String path,
                             Path primaryFile, Path fallbacksFile) {
    public ModelSelection {
        fallbacks = List.copyOf(fallbacks);
    }

    /** Where the primary is written: {@code <path>} for the string form, {@code <path>.primary} otherwise. */
    public String primaryPath() {
        return stringForm ? path : path + ".primary";
    }

    public String fallbacksPath() {
        return path + ".fallbacks";
    }
}
