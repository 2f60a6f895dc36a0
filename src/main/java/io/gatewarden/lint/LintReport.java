package io.gatewarden.lint;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of linting one gateway config.
 *
 * @param configFile      the openclaw.json
 * @param legacyAuthFiles legacy auth-profiles.json files that were read
 * @param chains          every linted chain (defaults first, then agents with their own model)
 * @param findings        sorted: by chain, then severity, then rung
 */
public record LintReport(Path configFile, List<Path> legacyAuthFiles, List<ChainView> chains, List<Finding> findings) {
    public LintReport {
        legacyAuthFiles = List.copyOf(legacyAuthFiles);
        chains = List.copyOf(chains);
        findings = List.copyOf(findings);
    }

    public long count(LintSeverity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    public boolean hasErrors() {
        return count(LintSeverity.ERROR) > 0;
    }
}
