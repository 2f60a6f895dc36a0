package io.gatewarden.gateway;

import java.util.List;
import java.util.Optional;

/**
 * One {@code models.providers.<id>} entry.
 *
 * @param apiKey fingerprint or reference of {@code apiKey}; null when the entry has none
 * @param auth   the {@code auth} strategy when written ({@code api-key}, {@code aws-sdk}, {@code oauth}, {@code token})
 * @param models the rows of {@code models[]} (empty when none are written)
 */
public record ProviderConfig(String id, String baseUrl, String api, CredentialRef apiKey, String auth,
                             List<ModelDefinition> models, String path) {
    public ProviderConfig {
        models = List.copyOf(models);
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    public boolean hasBaseUrl() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    public Optional<ModelDefinition> model(String modelId) {
        return models.stream().filter(m -> m.id().equals(modelId)).findFirst();
    }
}
