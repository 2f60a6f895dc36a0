package io.gatewarden.lint;

import io.gatewarden.gateway.AgentEntry;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.ModelDefinition;
import io.gatewarden.gateway.ModelSelection;
import io.gatewarden.gateway.ProviderConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds each agent's effective chain the way OpenClaw does: {@code agents.defaults.model} for the defaults;
 * an agent's string model is strict (one rung); its object model keeps its own fallbacks, inherits the default
 * primary when it sets only fallbacks, and is strict without {@code fallbacks}. Agents without a model run on the
 * defaults chain and are not listed again. Aliases and unique bare model ids are resolved to {@code provider/model}.
 */
final class ChainResolver {
    static final String DEFAULTS = "defaults";

    private final GatewayConfig config;

    ChainResolver(GatewayConfig config) {
        this.config = config;
    }

    List<AgentChain> chains() {
        List<AgentChain> out = new ArrayList<>();
        ModelSelection d = config.defaultModel();
        if (d != null) out.add(chain(DEFAULTS, d.primary(), d.primaryPath(), d.fallbacks(), d.fallbacksPath(),
                d.fallbacksSet(), d.path()));
        for (AgentEntry a : config.agents()) {
            ModelSelection m = a.model();
            if (m == null) continue;
            String primary = m.primary();
            String primaryPath = m.primaryPath();
            if (primary == null && d != null && d.primary() != null) {
                primary = d.primary();
                primaryPath = d.primaryPath();
            }
            out.add(chain(a.id(), primary, primaryPath, m.fallbacks(), m.fallbacksPath(), m.fallbacksSet(), m.path()));
        }
        return out;
    }

    private AgentChain chain(String agent, String primary, String primaryPath, List<String> fallbacks, String fallbacksPath,
                             boolean fallbacksSet, String source) {
        List<Rung> rungs = new ArrayList<>();
        if (primary != null) rungs.add(rung(1, primary, primaryPath));
        for (int i = 0; i < fallbacks.size(); i++) {
            rungs.add(rung(rungs.size() + 1, fallbacks.get(i), fallbacksPath + "[" + i + "]"));
        }
        return new AgentChain(agent, rungs, fallbacksSet && fallbacks.isEmpty(), primary == null && !fallbacks.isEmpty(), source);
    }

    Rung rung(int position, String written, String path) {
        String ref = resolve(written);
        int slash = ref.indexOf('/');
        if (slash <= 0 || slash == ref.length() - 1) return new Rung(position, ref, null, null, path, written);
        return new Rung(position, ref, ref.substring(0, slash), ref.substring(slash + 1), path, written);
    }

    /** An alias, or a bare id that exactly one configured provider lists, becomes {@code provider/model}. */
    private String resolve(String written) {
        String w = written.strip();
        String aliased = config.modelAliases().get(w.toLowerCase(Locale.ROOT));
        if (aliased != null) return aliased;
        if (w.indexOf('/') > 0) return w;
        String match = null;
        for (ProviderConfig p : config.providers().values()) {
            for (ModelDefinition m : p.models()) {
                if (!m.id().equals(w)) continue;
                if (match != null) return w; // ambiguous: OpenClaw wants a prefix
                match = p.id() + "/" + m.id();
            }
        }
        return match == null ? w : match;
    }
}
