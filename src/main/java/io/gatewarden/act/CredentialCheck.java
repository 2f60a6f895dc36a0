package io.gatewarden.act;

/**
 * Can this rung authenticate? Asked before a rung becomes the primary. The default answers from the config files
 * ({@link ChainSnapshot#hasCredentials}); the chain lint or a status probe can plug in a better answer.
 */
@FunctionalInterface
public interface CredentialCheck {
    boolean hasCredentials(String modelRef, ChainSnapshot chain);

    CredentialCheck FROM_CONFIG = (ref, chain) -> chain.hasCredentials(ChainSnapshot.providerOf(ref));
}
