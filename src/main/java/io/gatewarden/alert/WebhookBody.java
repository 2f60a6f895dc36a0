package io.gatewarden.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The generic webhook's JSON body, version 1 (schema in docs/alert.md). Built from the stored notification, so every retry sends the same bytes. */
final class WebhookBody {
    static final String VERSION = "1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBody() {}

    static byte[] render(Notification n) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("source", "gatewarden");
        root.put("idempotencyKey", n.idempotencyKey());
        root.put("receiver", n.receiver());
        root.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
        root.put("status", n.status());
        root.put("groupKey", n.groupKey());
        root.set("groupLabels", labels(n.groupLabels()));
        root.set("commonLabels", labels(n.commonLabels()));
        root.put("externalURL", n.externalUrl());
        root.put("createdAt", n.createdAt().toString());
        root.put("firingCount", n.firingCount());
        root.put("resolvedCount", n.resolvedCount());
        root.put("truncatedAlerts", Math.max(0, n.firingCount() + n.resolvedCount() - n.alerts().size()));
        ObjectNode changes = root.putObject("changes");
        strings(changes.putArray("newFiring"), n.changes().newFiring());
        strings(changes.putArray("newlyResolved"), n.changes().newlyResolved());
        strings(changes.putArray("escalated"), n.changes().escalated());
        ArrayNode alerts = root.putArray("alerts");
        for (AlertView a : n.alerts()) {
            ObjectNode o = alerts.addObject();
            o.put("id", a.id());
            o.put("status", a.status());
            o.put("type", a.alertname());
            o.put("severity", a.severity());
            o.set("labels", labels(a.labels()));
            o.put("summary", a.summary());
            o.put("startsAt", str(a.startsAt()));
            o.put("lastSeenAt", str(a.lastSeenAt()));
            o.put("endsAt", str(a.endsAt()));
            o.put("occurrences", a.occurrences());
            strings(o.putArray("evidence"), a.evidence());
            o.put("runbookURL", a.runbookUrl());
            strings(o.putArray("actions"), a.actions());
        }
        ArrayNode chain = root.putArray("chain");
        for (ChainRungView r : n.chain()) {
            ObjectNode o = chain.addObject();
            o.put("provider", r.provider());
            o.put("model", r.model());
            o.put("profile", r.profile());
            o.put("breakerState", r.breakerState());
            o.put("primary", r.primary());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode labels(Map<String, String> m) {
        ObjectNode o = JSON.createObjectNode();
        new java.util.TreeMap<>(m).forEach(o::put);
        return o;
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
