package io.gatewarden.act;

import io.gatewarden.gateway.AgentEntry;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.ModelSelection;
import io.gatewarden.lint.ChainLinter;
import io.gatewarden.lint.ChainView;
import io.gatewarden.lint.RungClass;
import io.gatewarden.lint.RungView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the spend guard would write: for the default model and every per-agent model whose {@code fallbacks} is
 * written in openclaw.json itself, the fallbacks with paid rungs moved behind local and free ones (or taken out).
 * Rung classes come from the chain lint ({@link ChainLinter}, {@code lint.*} settings): one classification for
 * {@code gatewarden check}, the lint watcher and the spend guard. A chain the edit would not change, or would leave
 * without any rung, is not in the plan.
 *
 * @param edits     the fallbacks to write, one per chain
 * @param classes   the class of every resolved rung ref of every chain ({@code provider/model})
 * @param primaries the primaries of every chain (a request to one is not a fall-through)
 */
public record SpendPlan(List<ChainEdit> edits, Map<String, RungClass> classes, Set<String> primaries) {

    /**
     * One chain's fallbacks.
     *
     * @param agent    {@code defaults} or the agent id
     * @param path     where {@code fallbacks} is written, e.g. {@code agents.defaults.model.fallbacks}
     * @param original the fallbacks as written before the guard
     * @param written  what the guard writes (or wrote)
     * @param paid     the paid rungs among them, as written
     */
    public record ChainEdit(String agent, String path, List<String> original, List<String> written, List<String> paid) {
        public ChainEdit {
            original = List.copyOf(original);
            written = List.copyOf(written);
            paid = List.copyOf(paid);
        }
    }

    public SpendPlan {
        edits = List.copyOf(edits);
        classes = Map.copyOf(classes);
        primaries = Set.copyOf(primaries);
    }

    static SpendPlan of(GatewayConfig config, ChainLinter linter, SpendSettings.Mode mode) {
        Map<String, ChainView> views = new HashMap<>();
        Map<String, RungClass> classes = new LinkedHashMap<>();
        Set<String> primaries = new HashSet<>();
        for (ChainView v : linter.lint(config).chains()) {
            views.put(v.agent(), v);
            for (RungView r : v.rungs()) {
                if (r.rungClass() != null) classes.putIfAbsent(r.rung().ref(), r.rungClass());
                if (r.rung().position() == 1) primaries.add(r.rung().ref());
            }
        }
        List<ChainEdit> edits = new ArrayList<>();
        if (config.defaultModel() != null) add(edits, "defaults", config.defaultModel(), views.get("defaults"), config.configFile(), mode);
        for (AgentEntry a : config.agents()) {
            if (a.model() != null) add(edits, a.id(), a.model(), views.get(a.id()), config.configFile(), mode);
        }
        return new SpendPlan(edits, classes, primaries);
    }

    /** A request to {@code ref} is paid by the lint's classification (unknown refs are not judged paid). */
    boolean isPaid(String ref) {
        return classes.get(ref) == RungClass.PAID;
    }

    private static void add(List<ChainEdit> out, String agent, ModelSelection m, ChainView view, Path configFile,
                            SpendSettings.Mode mode) {
        if (view == null || m.stringForm() || !m.fallbacksSet() || m.fallbacks().isEmpty() || !sameFile(m.fallbacksFile(), configFile)) return;
        // the chain view lists the primary first when there is one, then the fallbacks in written order
        List<RungView> rungs = view.rungs();
        int offset = rungs.size() - m.fallbacks().size();
        if (offset < 0) return;
        List<String> keep = new ArrayList<>();
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < m.fallbacks().size(); i++) {
            RungView r = rungs.get(offset + i);
            (r.rungClass() == RungClass.PAID ? paid : keep).add(m.fallbacks().get(i));
        }
        List<String> written = new ArrayList<>(keep);
        if (mode == SpendSettings.Mode.BEHIND) written.addAll(paid);
        boolean noRungLeft = written.isEmpty() && offset == 0; // no primary, not even an inherited one
        if (paid.isEmpty() || written.equals(m.fallbacks()) || noRungLeft) return;
        out.add(new ChainEdit(agent, m.fallbacksPath(), m.fallbacks(), written, paid));
    }

    private static boolean sameFile(Path a, Path b) {
        return a != null && b != null && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
