package io.gatewarden.alert;

import io.gatewarden.secret.Redactor;
import io.gatewarden.secret.SecretResolver;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;

/**
 * Builds the {@link Notifier} of each configured receiver — the one place that knows which class delivers which
 * receiver type — and gives the redactor every secret a notifier holds, so no log line or error shows one.
 */
final class Notifiers {
    private final AlertSettings settings;
    private final SecretResolver secrets;
    private final Redactor redactor;
    private final Path alertDir;
    private final PrintStream console;
    private final Clock clock;
    private final AlertLog log;

    /** @param alertDir where a Slack receiver keeps its thread file */
    Notifiers(AlertSettings settings, SecretResolver secrets, Redactor redactor, Path alertDir, PrintStream console, Clock clock, AlertLog log) {
        this.settings = settings;
        this.secrets = secrets;
        this.redactor = redactor;
        this.alertDir = alertDir;
        this.console = console;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Every receiver's notifier by name, in config order. When one cannot be built, those already built are closed.
     *
     * @throws IllegalArgumentException on a receiver's configuration error (never shows a secret)
     */
    LinkedHashMap<String, Notifier> buildAll() {
        LinkedHashMap<String, Notifier> built = new LinkedHashMap<>();
        try {
            for (AlertSettings.Receiver r : settings.receivers()) built.put(r.name(), build(r));
        } catch (RuntimeException e) {
            built.values().forEach(Notifier::close);
            throw e;
        }
        return built;
    }

    private Notifier build(AlertSettings.Receiver r) {
        if (r instanceof AlertSettings.Console c) return new ConsoleNotifier(c, console, log);
        if (r instanceof AlertSettings.Slack s) return slack(s);
        if (r instanceof AlertSettings.Webhook w) return webhook(w);
        return alertmanager((AlertSettings.Alertmanager) r);
    }

    private Notifier slack(AlertSettings.Slack s) {
        SlackNotifier n = new SlackNotifier(s, secrets, alertDir.resolve("slack-" + s.name() + ".json"),
                settings.limits().maxSlackThreads(), clock, log);
        n.secrets().forEach(redactor::add);
        return n;
    }

    private Notifier webhook(AlertSettings.Webhook w) {
        WebhookNotifier n = new WebhookNotifier(w, secrets, clock);
        n.secrets().forEach(redactor::add);
        return n;
    }

    private Notifier alertmanager(AlertSettings.Alertmanager a) {
        AlertmanagerNotifier n = new AlertmanagerNotifier(a, secrets, clock);
        n.secrets().forEach(redactor::add);
        return n;
    }
}
