package io.gatewarden.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.secret.Secret;
import io.gatewarden.secret.SecretResolver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST <url>/api/v2/alerts} with a JSON array of alerts: labels (alertname, severity, the incident's
 * labels), annotations (summary, description = evidence, runbook_url, …), startsAt, endsAt (set only when
 * resolved) and generatorURL. Alertmanager keys alerts by their labels, so a resend is naturally idempotent.
 */
final class AlertmanagerNotifier implements Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertSettings.Alertmanager settings;
    private final Secret url;
    private final URI alertsUri;
    private final Map<String, Secret> secretHeaders;
    private final HttpClient client;
    private final Clock clock;

    AlertmanagerNotifier(AlertSettings.Alertmanager settings, SecretResolver secrets, Clock clock) {
        String where = "receiver " + settings.name();
        this.settings = settings;
        this.url = secrets.required(where, "url", settings.url(), settings.urlEnv(), settings.urlFile());
        URI base = Http.uri(url, settings.name());
        String s = base.toString();
        this.alertsUri = URI.create((s.endsWith("/") ? s : s + "/") + "api/v2/alerts");
        settings.headers().keySet().forEach(h -> Http.checkHeaderName(h, where));
        this.secretHeaders = Http.secretHeaders(where, settings.headersFromEnv(), secrets);
        this.client = Http.client(settings.timeout());
        this.clock = clock;
    }

    List<Secret> secrets() {
        List<Secret> s = new ArrayList<>(secretHeaders.values());
        s.add(url);
        return s;
    }

    @Override
    public DeliveryResult notify(Notification n) {
        HttpRequest.Builder req = HttpRequest.newBuilder(alertsUri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "gatewarden-alert/1");
        settings.headers().forEach(req::header);
        secretHeaders.forEach((h, v) -> req.header(h, v.reveal()));
        return Http.send(client, req.POST(HttpRequest.BodyPublishers.ofByteArray(render(n))).build(), settings.timeout(), clock);
    }

    static byte[] render(Notification n) {
        ArrayNode arr = JSON.createArrayNode();
        for (AlertView a : n.alerts()) {
            ObjectNode o = arr.addObject();
            ObjectNode labels = o.putObject("labels");
            new TreeMap<>(a.labels()).forEach((k, v) -> labels.put(labelName(k), v));
            ObjectNode ann = o.putObject("annotations");
            ann.put("summary", a.summary());
            if (!a.evidence().isEmpty()) ann.put("description", String.join("\n", a.evidence()));
            if (a.runbookUrl() != null) ann.put("runbook_url", a.runbookUrl());
            if (a.occurrences() > 0) ann.put("occurrences", Long.toString(a.occurrences()));
            if (!a.actions().isEmpty()) ann.put("actions", String.join("\n", a.actions()));
            if (!"Watchdog".equals(a.alertname())) ann.put("incident_id", a.id());
            if (a.startsAt() != null) o.put("startsAt", a.startsAt().toString());
            if (!a.firing()) o.put("endsAt", (a.endsAt() != null ? a.endsAt() : n.createdAt()).toString());
            o.put("generatorURL", n.externalUrl());
        }
        try {
            return JSON.writeValueAsBytes(arr);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Alertmanager's classic label names: letters, digits and underscores, not starting with a digit. */
    static String labelName(String k) {
        String s = k.replaceAll("[^A-Za-z0-9_]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    @Override
    public String describe() {
        return "alertmanager " + Http.describe(alertsUri, url);
    }
}
