package io.gatewarden.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What OpenClaw 2026.9.6 knows about providers without any config: the bundled provider ids (its config
 * contract's built-in provider overlay list), which of them are local runtimes that must be opted in before the
 * gateway routes to them, their default endpoints, and the env vars their keys come from (provider docs).
 */
final class OpenClawProviders {
    private OpenClawProviders() {}

    /** Provider ids OpenClaw 2026.9.6 accepts without a {@code models.providers} entry. */
    static final Set<String> BUNDLED = Set.of(
            "amazon-bedrock", "amazon-bedrock-mantle", "anthropic", "anthropic-vertex", "arcee", "azure-openai-responses",
            "byteplus", "byteplus-plan", "cerebras", "chutes", "claude-cli", "clawrouter", "cloudflare-ai-gateway", "codex",
            "comfy", "copilot-proxy", "dashscope", "deepinfra", "deepseek", "fal", "fireworks", "github-copilot", "gmi",
            "gmi-cloud", "gmicloud", "google", "google-antigravity", "google-gemini-cli", "google-vertex", "groq",
            "huggingface", "kilocode", "kimi", "kimi-coding", "litellm", "lmstudio", "meta", "microsoft-foundry", "minimax",
            "minimax-portal", "mistral", "modelstudio", "moonshot", "moonshot-ai", "moonshotai", "nvidia", "novita",
            "novita-ai", "novitaai", "ollama", "ollama-cloud", "openai", "opencode", "opencode-go", "openrouter", "qianfan",
            "qwen", "qwen-token-plan", "qwencloud", "sglang", "stepfun", "stepfun-plan", "synthetic", "tencent-tokenhub",
            "tencent-tokenplan", "together", "venice", "vercel-ai-gateway", "vllm", "volcengine", "volcengine-plan", "vydra",
            "x-ai", "xai", "xiaomi", "xiaomi-token-plan", "z.ai", "z-ai", "zai");

    /**
     * Local runtimes the gateway only uses once registered (a provider entry, an auth profile or their env key),
     * with the endpoint they default to. Ollama, for one, is "detected locally when you opt in with OLLAMA_API_KEY".
     */
    static final Map<String, String> OPT_IN_LOCAL = Map.of(
            "ollama", "http://127.0.0.1:11434",
            "lmstudio", "http://localhost:1234/v1",
            "vllm", "http://127.0.0.1:8000/v1",
            "sglang", "http://127.0.0.1:30000/v1",
            "llama-cpp", "http://127.0.0.1:8080/v1");

    /** Auth env vars that do not follow the {@code <PROVIDER>_API_KEY} pattern. */
    private static final Map<String, List<String>> SPECIAL_ENV = Map.ofEntries(
            Map.entry("google", List.of("GEMINI_API_KEY", "GOOGLE_API_KEY")),
            Map.entry("vercel-ai-gateway", List.of("AI_GATEWAY_API_KEY")),
            Map.entry("opencode", List.of("OPENCODE_API_KEY", "OPENCODE_ZEN_API_KEY")),
            Map.entry("opencode-go", List.of("OPENCODE_API_KEY")),
            Map.entry("huggingface", List.of("HUGGINGFACE_HUB_TOKEN", "HF_TOKEN")),
            Map.entry("github-copilot", List.of("COPILOT_GITHUB_TOKEN")),
            Map.entry("lmstudio", List.of("LM_API_TOKEN")),
            Map.entry("minimax-portal", List.of("MINIMAX_OAUTH_TOKEN", "MINIMAX_API_KEY")),
            Map.entry("volcengine", List.of("VOLCANO_ENGINE_API_KEY")),
            Map.entry("volcengine-plan", List.of("VOLCANO_ENGINE_API_KEY")),
            Map.entry("tencent-tokenhub", List.of("TOKENHUB_API_KEY")),
            Map.entry("arcee", List.of("ARCEEAI_API_KEY", "OPENROUTER_API_KEY")),
            Map.entry("chutes", List.of("CHUTES_API_KEY", "CHUTES_OAUTH_TOKEN")),
            Map.entry("xiaomi-token-plan", List.of("XIAOMI_TOKEN_PLAN_API_KEY")),
            Map.entry("byteplus-plan", List.of("BYTEPLUS_API_KEY")),
            Map.entry("ollama-cloud", List.of("OLLAMA_API_KEY")));

    static boolean isBundled(String provider) {
        return BUNDLED.contains(provider.toLowerCase(Locale.ROOT));
    }

    static boolean needsOptIn(String provider) {
        return OPT_IN_LOCAL.containsKey(provider.toLowerCase(Locale.ROOT));
    }

    static String defaultBaseUrl(String provider) {
        return OPT_IN_LOCAL.get(provider.toLowerCase(Locale.ROOT));
    }

    /** The env var names a key for {@code provider} is read from, main one first. */
    static List<String> envVarNames(String provider) {
        String p = provider.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>(SPECIAL_ENV.getOrDefault(p, List.of()));
        String base = p.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        out.add(base + "_API_KEY");
        out.add(base + "_API_KEYS");
        out.add("OPENCLAW_LIVE_" + base + "_KEY");
        return out.stream().distinct().toList();
    }

    /** True when {@code var} is one of the provider's key variables (including numbered {@code _API_KEY_1} forms). */
    static boolean isKeyVariable(String provider, String var) {
        String base = provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return envVarNames(provider).contains(var) || var.matches(java.util.regex.Pattern.quote(base) + "_API_KEY_\\w+");
    }

    /** A close bundled or configured id, for "did you mean" (edit distance at most 2). */
    static String closest(String provider, Iterable<String> candidates) {
        String best = null;
        int bestDist = 3;
        for (String c : candidates) {
            int d = distance(provider.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
