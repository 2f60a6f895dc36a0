package io.gatewarden.probe.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.concurrent.CompletionStage;

/**
 * The probe request as a Quarkus REST client interface. The client is built per probed URL (its base URI is the
 * full URL), so there is no path here. Null header and query values are not sent.
 */
public interface ProbeEndpoint {
    @GET
    CompletionStage<Response> get(@HeaderParam("Accept") String accept,
                                  @HeaderParam("x-api-key") String xApiKey,
                                  @HeaderParam("anthropic-version") String anthropicVersion,
                                  @HeaderParam("Authorization") String authorization,
                                  @HeaderParam("x-goog-api-key") String googApiKey,
                                  @QueryParam("key") String key);
}
