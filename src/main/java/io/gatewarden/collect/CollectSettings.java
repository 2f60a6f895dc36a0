package io.gatewarden.collect;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the {@code collect:} block of gatewarden.yaml (snake_case keys; every key optional).
 *
 * @param enabled          run the collector at all (default true; it skips itself when the CLI is absent)
 * @param command          the openclaw executable and any leading arguments, e.g. [openclaw] (default) or
 *                         [node, /opt/openclaw/node_modules/openclaw/openclaw.mjs]; a single string is accepted
 * @param interval         time between collections (default 60s)
 * @param timeout          deadline of one command (default 30s; the CLI boots Node and loads plugins)
 * @param maxOutputBytes   cap on what one command may print (default 4 MiB; past it the command is killed)
 * @param modelsStatusArgs arguments for the profile status (default [models, status, --json])
 * @param sessionsArgs     arguments for the session list (default [sessions, --json]; add --all-agents for every agent)
 * @param env              extra environment for the commands, e.g. {HOME: /home/openclaw, OPENCLAW_PROFILE: work}
 * @param maxSessions      sessions kept from one output (default 1000)
 */
public record CollectSettings(Boolean enabled,
                              @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> command,
                              Duration interval, Duration timeout, Integer maxOutputBytes,
                              List<String> modelsStatusArgs, List<String> sessionsArgs, Map<String, String> env,
                              Integer maxSessions) {
    public CollectSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        command = command == null || command.isEmpty() ? List.of("openclaw") : List.copyOf(command);
        if (command.get(0).isBlank()) throw new IllegalArgumentException("collect.command must name an executable");
        interval = positive(interval, Duration.ofSeconds(60), "collect.interval");
        timeout = positive(timeout, Duration.ofSeconds(30), "collect.timeout");
        maxOutputBytes = maxOutputBytes == null ? 4 * 1024 * 1024 : maxOutputBytes;
        if (maxOutputBytes < 1024) throw new IllegalArgumentException("collect.max_output_bytes must be at least 1024");
        modelsStatusArgs = modelsStatusArgs == null ? List.of("models", "status", "--json") : List.copyOf(modelsStatusArgs);
        sessionsArgs = sessionsArgs == null ? List.of("sessions", "--json") : List.copyOf(sessionsArgs);
        env = env == null ? Map.of() : Map.copyOf(env);
        maxSessions = maxSessions == null ? 1000 : maxSessions;
        if (maxSessions < 1) throw new IllegalArgumentException("collect.max_sessions must be at least 1");
    }

    public static CollectSettings defaults() {
        return new CollectSettings(null, null, null, null, null, null, null, null, null);
    }
}
