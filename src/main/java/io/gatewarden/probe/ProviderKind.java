package io.gatewarden.probe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * What kind of endpoint a probe talks to. Each kind knows its cheap, token-free request (a model list or a
 * health endpoint), how it takes a key, and what a well-formed answer looks like.
 */
public enum ProviderKind {
    /** Anthropic Messages API: GET /v1/models with x-api-key and anthropic-version. */
    ANTHROPIC("https://api.anthropic.com", List.of("/v1/models")),
    /** OpenAI and OpenAI-compatible servers (LM Studio, vLLM, llama.cpp server, OpenRouter): GET /v1/models, bearer key. */
    OPENAI("https://api.openai.com", List.of("/v1/models")),
    /** Ollama's native API: GET /api/tags, no key. */
    OLLAMA("http://127.0.0.1:11434", List.of("/api/tags")),
    /** Google Gemini API: GET /v1beta/models with x-goog-api-key (or ?key=). */
    GEMINI("https://generativelanguage.googleapis.com", List.of("/v1beta/models")),
    /** The gateway itself: /healthz (live), /readyz (ready), /startupz (started). */
    GATEWAY("http://127.0.0.1:18789", List.of("/healthz", "/readyz"));

    private final String defaultBaseUrl;
    private final List<String> defaultPaths;

    ProviderKind(String defaultBaseUrl, List<String> defaultPaths) {
        this.defaultBaseUrl = defaultBaseUrl;
        this.defaultPaths = defaultPaths;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public List<String> defaultPaths() {
        return defaultPaths;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ProviderKind fromWireName(String s) {
        String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "anthropic" -> ANTHROPIC;
            case "openai", "openai-compatible", "lmstudio", "lm-studio", "vllm" -> OPENAI;
            case "ollama" -> OLLAMA;
            case "gemini", "google" -> GEMINI;
            case "gateway", "openclaw" -> GATEWAY;
            default -> throw new IllegalArgumentException("unknown probe kind '" + s
                    + "' (use anthropic, openai, ollama, gemini or gateway)");
        };
    }
}
