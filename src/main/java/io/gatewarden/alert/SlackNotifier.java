package io.gatewarden.alert;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;
import io.gatewarden.secret.Secret;
import io.gatewarden.secret.SecretResolver;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Slack through slack-api-client. Bot mode ({@code chat.postMessage}): one parent message per group episode,
 * every later notification a reply in its thread, and the parent edited ({@code chat.update}) when the group
 * resolves. Incoming-webhook mode: one message per notification (webhooks cannot thread or edit).
 */
final class SlackNotifier implements Notifier {
    /** Slack "ok": false errors that are worth retrying; every other error is a configuration problem. */
    private static final Set<String> RETRYABLE_ERRORS = Set.of("ratelimited", "rate_limited", "internal_error",
            "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org");
    /** chat.update answers these when the parent is gone: nothing left to edit. */
    private static final Set<String> PARENT_GONE = Set.of("message_not_found", "cant_update_message", "edit_window_closed");

    private final AlertSettings.Slack settings;
    private final Secret token;
    private final Secret webhookUrl;
    private final Slack slack;
    private final MethodsClient methods;
    private final SlackRender render;
    private final SlackThreadStore threads;
    private final Clock clock;
    private final AlertLog log;

    SlackNotifier(AlertSettings.Slack settings, SecretResolver secrets, Path threadFile, int maxThreads, Clock clock, AlertLog log) {
        String where = "receiver " + settings.name();
        this.settings = settings;
        this.token = secrets.optional(where, "token", settings.token(), settings.tokenEnv(), settings.tokenFile());
        this.webhookUrl = secrets.optional(where, "webhook_url", settings.webhookUrl(), settings.webhookUrlEnv(), settings.webhookUrlFile());
        if ((token == null) == (webhookUrl == null)) {
            throw new IllegalArgumentException(where + ": set a bot token (token, token_env or token_file, with channel) or an incoming webhook URL (webhook_url, webhook_url_env or webhook_url_file), not both");
        }
        if (token != null && (settings.channel() == null || settings.channel().isBlank())) {
            throw new IllegalArgumentException(where + ": bot mode needs a channel (an id like C0123456789 or #name)");
        }
        if (webhookUrl != null) Http.uri(webhookUrl, settings.name());
        this.slack = Slack.getInstance(config(settings));
        this.methods = token == null ? null : slack.methods(token.reveal());
        this.render = new SlackRender(settings.maxAlertsShown());
        this.threads = token == null ? null : new SlackThreadStore(threadFile, maxThreads, clock, log);
        this.clock = clock;
        this.log = log;
    }

    private static SlackConfig config(AlertSettings.Slack s) {
        SlackConfig c = new SlackConfig();
        c.setMethodsEndpointUrlPrefix(s.apiUrl());
        // stats would call auth.test to learn the team id: an extra request we do not want
        c.setStatsEnabled(false);
        // the default listeners log request URLs and bodies at debug level; a webhook URL is a secret
        c.setHttpClientResponseHandlers(new ArrayList<>());
        c.setPrettyResponseLoggingEnabled(false);
        int ms = (int) Math.min(Integer.MAX_VALUE, s.timeout().toMillis());
        c.setHttpClientCallTimeoutMillis(ms);
        c.setHttpClientReadTimeoutMillis(ms);
        c.setHttpClientWriteTimeoutMillis(ms);
        return c;
    }

    List<Secret> secrets() {
        List<Secret> s = new ArrayList<>();
        if (token != null) s.add(token);
        if (webhookUrl != null) s.add(webhookUrl);
        return s;
    }

    @Override
    public DeliveryResult notify(Notification n) {
        try {
            return token != null ? botNotify(n) : webhookNotify(n);
        } catch (SlackApiException e) {
            int code = e.getResponse() == null ? 0 : e.getResponse().code();
            Optional<String> retryAfter = e.getResponse() == null ? Optional.empty() : Optional.ofNullable(e.getResponse().header("Retry-After"));
            return Http.classify(code, retryAfter, e.getResponseBody(), clock);
        } catch (IOException e) {
            return DeliveryResult.retry("I/O error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private DeliveryResult webhookNotify(Notification n) throws IOException {
        Payload p = Payload.builder().text(render.fallbackText(n, false)).blocks(render.full(n)).unfurlLinks(false).build();
        WebhookResponse r = slack.send(webhookUrl.reveal(), p);
        int code = r.getCode() == null ? 0 : r.getCode();
        Optional<String> retryAfter = Optional.ofNullable(r.getHeaders()).map(h -> header(h, "retry-after"));
        return Http.classify(code, retryAfter, r.getBody(), clock);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
        }
        return null;
    }

    private DeliveryResult botNotify(Notification n) throws IOException, SlackApiException {
        String key = SlackThreadStore.keyOf(n);
        SlackThreadStore.Thread thread = threads.get(key);
        if (thread == null) {
            // first message of the episode (or its parent was lost): post a parent
            ChatPostMessageResponse r = methods.chatPostMessage(post(n, render.full(n), render.fallbackText(n, false), null));
            if (!r.isOk()) return slackError("chat.postMessage", r.getError());
            if (n.kind() != Notification.Kind.RESOLVED && n.kind() != Notification.Kind.DIGEST) {
                threads.put(key, new SlackThreadStore.Thread(r.getChannel(), r.getTs(), n.idempotencyKey(), null));
            }
            return new DeliveryResult.Delivered("ts " + r.getTs());
        }
        if (n.idempotencyKey().equals(thread.parentKey())) return new DeliveryResult.Delivered("parent already posted");
        if (!n.idempotencyKey().equals(thread.lastReplyKey())) {
            ChatPostMessageResponse r = methods.chatPostMessage(post(n, render.reply(n), render.fallbackText(n, true), thread.ts()));
            if (!r.isOk()) return slackError("chat.postMessage (reply)", r.getError());
            thread = new SlackThreadStore.Thread(thread.channel(), thread.ts(), thread.parentKey(), n.idempotencyKey());
            threads.put(key, thread);
        }
        if (n.kind() == Notification.Kind.RESOLVED) {
            ChatUpdateResponse u = methods.chatUpdate(ChatUpdateRequest.builder().channel(thread.channel()).ts(thread.ts())
                    .text(render.fallbackText(n, false)).blocks(render.full(n)).build());
            if (!u.isOk() && !PARENT_GONE.contains(u.getError())) return slackError("chat.update", u.getError());
            if (!u.isOk()) log.warn("receiver " + settings.name() + ": parent message of a resolved group is gone (" + u.getError() + "), not edited");
            threads.remove(key);
        }
        return DeliveryResult.delivered();
    }

    private ChatPostMessageRequest post(Notification n, List<LayoutBlock> blocks, String text, String threadTs) {
        Message.Metadata meta = new Message.Metadata();
        meta.setEventType("gatewarden_alert");
        meta.setEventPayload(Map.<String, Object>of("idempotency_key", n.idempotencyKey(), "episode", n.episode()));
        ChatPostMessageRequest.ChatPostMessageRequestBuilder b = ChatPostMessageRequest.builder()
                .channel(settings.channel()).text(text).blocks(blocks).metadata(meta)
                .unfurlLinks(false).unfurlMedia(false);
        if (threadTs != null) b.threadTs(threadTs);
        return b.build();
    }

    private static DeliveryResult slackError(String method, String error) {
        String reason = method + " failed: " + error;
        return error != null && RETRYABLE_ERRORS.contains(error) ? DeliveryResult.retry(reason) : DeliveryResult.permanent(reason);
    }

    @Override
    public String describe() {
        if (token != null) return "slack bot " + URI.create(settings.apiUrl()).getHost() + " channel " + settings.channel() + " (token " + token.fingerprint() + ")";
        URI u = URI.create(webhookUrl.reveal());
        return "slack webhook " + Http.describe(u, webhookUrl);
    }

    @Override
    public void close() {
        try {
            slack.close();
        } catch (Exception e) {
            log.debug("closing Slack client: " + log.describe(e));
        }
    }
}
