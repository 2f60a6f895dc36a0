package io.gatewarden.lint;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the chain lint (YAML key {@code lint}, snake_case). Every field may be left out; the default applies.
 *
 * @param orderPolicy          classes in the order rungs should come; {@code []} turns the order check off.
 *                             Default {@code [local, free, paid]}
 * @param orderIncludesPrimary whether the primary takes part in the order check (default true); false lets a paid
 *                             primary lead a local → free → paid fallback list
 * @param requireLocalRung     warn when no rung is local (default true); when false, warn only when no rung is
 *                             local or free
 * @param localProviders       providers that run locally whatever their URL (default: OpenClaw's local runtimes)
 * @param privateUrlsAreLocal  a rung on a loopback, private-network, {@code .local} or single-label host counts as
 *                             local (default true)
 * @param freeProviders        providers whose every model is free (default none)
 * @param freeModels           glob patterns ({@code *}, {@code ?}) on {@code provider/model} or the model id for free
 *                             models (default {@code ["*:free"]}, OpenRouter's free tier); zero-cost model
 *                             definitions count as free anyway
 * @param extraKnownProviders  provider ids supplied by plugins, treated as known (still need credentials)
 * @param credentialsFromEnv   providers whose key the gateway takes from its own environment
 *                             ({@code OPENAI_API_KEY}, ...), which gatewarden cannot see
 * @param pollInterval         how often the run-time watcher looks at the config files (default 5s)
 * @param resignalInterval     how often open findings are re-reported to keep their incidents open (default 1m;
 *                             0 = only on change)
 * @param incidentMinSeverity  the least severe finding that becomes an incident (default warning)
 * @param paidProviders        providers whose every model is paid whatever their URL or definitions say (default none):
 *                             wins over every other rule, e.g. a metered API reached through a proxy on the LAN
 * @param paidModels           glob patterns like {@code freeModels} for models that are paid whatever else holds
 *                             (default none); wins over every other rule
 */
public record LintSettings(List<RungClass> orderPolicy, Boolean orderIncludesPrimary, Boolean requireLocalRung,
                           List<String> localProviders, Boolean privateUrlsAreLocal, List<String> freeProviders,
                           List<String> freeModels, List<String> extraKnownProviders, List<String> credentialsFromEnv,
                           Duration pollInterval, Duration resignalInterval, LintSeverity incidentMinSeverity,
                           List<String> paidProviders, List<String> paidModels) {

    public static final List<RungClass> DEFAULT_ORDER = List.of(RungClass.LOCAL, RungClass.FREE, RungClass.PAID);
    /** OpenClaw's local runtimes (docs: local models, custom providers). */
    public static final List<String> DEFAULT_LOCAL_PROVIDERS =
            List.of("ollama", "lmstudio", "vllm", "sglang", "llama-cpp", "llmman", "ds4");
    public static final List<String> DEFAULT_FREE_MODELS = List.of("*:free");

    public LintSettings(List<RungClass> orderPolicy, Boolean orderIncludesPrimary, Boolean requireLocalRung,
                        List<String> localProviders, Boolean privateUrlsAreLocal, List<String> freeProviders,
                        List<String> freeModels, List<String> extraKnownProviders, List<String> credentialsFromEnv,
                        Duration pollInterval, Duration resignalInterval, LintSeverity incidentMinSeverity) {
        this(orderPolicy, orderIncludesPrimary, requireLocalRung, localProviders, privateUrlsAreLocal, freeProviders, freeModels,
                extraKnownProviders, credentialsFromEnv, pollInterval, resignalInterval, incidentMinSeverity, null, null);
    }

    public LintSettings {
        paidProviders = lower(paidProviders == null ? List.of() : paidProviders);
        paidModels = List.copyOf(paidModels == null ? List.of() : paidModels);
        orderPolicy = orderPolicy == null ? DEFAULT_ORDER : List.copyOf(orderPolicy);
        orderIncludesPrimary = orderIncludesPrimary == null || orderIncludesPrimary;
        requireLocalRung = requireLocalRung == null || requireLocalRung;
        localProviders = lower(localProviders == null ? DEFAULT_LOCAL_PROVIDERS : localProviders);
        privateUrlsAreLocal = privateUrlsAreLocal == null || privateUrlsAreLocal;
        freeProviders = lower(freeProviders == null ? List.of() : freeProviders);
        freeModels = List.copyOf(freeModels == null ? DEFAULT_FREE_MODELS : freeModels);
        extraKnownProviders = lower(extraKnownProviders == null ? List.of() : extraKnownProviders);
        credentialsFromEnv = lower(credentialsFromEnv == null ? List.of() : credentialsFromEnv);
        pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
        resignalInterval = resignalInterval == null ? Duration.ofMinutes(1) : resignalInterval;
        incidentMinSeverity = incidentMinSeverity == null ? LintSeverity.WARNING : incidentMinSeverity;
        positive("poll_interval", pollInterval);
        if (resignalInterval.isNegative()) throw new IllegalArgumentException("resignal_interval must not be negative");
        if (orderPolicy.stream().distinct().count() != orderPolicy.size()) {
            throw new IllegalArgumentException("order_policy lists a class twice: " + orderPolicy);
        }
    }

    public static LintSettings defaults() {
        return new LintSettings(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public LintSettings withOrderPolicy(List<RungClass> order) {
        return new LintSettings(order, orderIncludesPrimary, requireLocalRung, localProviders, privateUrlsAreLocal,
                freeProviders, freeModels, extraKnownProviders, credentialsFromEnv, pollInterval, resignalInterval,
                incidentMinSeverity, paidProviders, paidModels);
    }

    public LintSettings withCredentialsFromEnv(List<String> providers) {
        return new LintSettings(orderPolicy, orderIncludesPrimary, requireLocalRung, localProviders, privateUrlsAreLocal,
                freeProviders, freeModels, extraKnownProviders, providers, pollInterval, resignalInterval,
                incidentMinSeverity, paidProviders, paidModels);
    }

    private static List<String> lower(List<String> in) {
        return in.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
    }
}
