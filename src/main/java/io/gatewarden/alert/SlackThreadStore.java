package io.gatewarden.alert;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gatewarden.state.StateFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Slack parent message of each group episode (channel + ts), and which notification was last posted into
 * its thread. Written to disk before a delivery is acknowledged, so a retry after a crash or an unclear failure
 * replies in the existing thread instead of posting a second parent. Bounded (oldest threads are forgotten).
 */
final class SlackThreadStore {
    /**
     * @param parentKey    idempotency key of the notification that posted the parent
     * @param lastReplyKey idempotency key of the last notification posted as a reply (or null)
     */
    record Thread(String channel, String ts, String parentKey, String lastReplyKey) {}

    private final StateFile<LinkedHashMap<String, Thread>> file;
    private final int cap;
    private final LinkedHashMap<String, Thread> threads = new LinkedHashMap<>();

    /** @param clock names the copy of an unreadable file that is set aside */
    SlackThreadStore(Path file, int cap, Clock clock, AlertLog log) {
        this.file = new StateFile<>(file, new TypeReference<>() {}, "Slack threads", clock);
        this.cap = cap;
        boolean present = Files.exists(file);
        this.file.read().ifPresentOrElse(threads::putAll, () -> {
            if (present) log.error("Slack thread file " + file + " is unreadable (set aside); open groups will start new threads");
        });
    }

    synchronized Thread get(String key) {
        return threads.get(key);
    }

    synchronized void put(String key, Thread t) throws IOException {
        threads.remove(key);
        threads.put(key, t);
        while (threads.size() > cap) threads.remove(threads.keySet().iterator().next());
        save();
    }

    synchronized void remove(String key) throws IOException {
        if (threads.remove(key) != null) save();
    }

    synchronized int size() {
        return threads.size();
    }

    private void save() throws IOException {
        file.write(new LinkedHashMap<>(threads));
    }

    static String keyOf(Notification n) {
        return n.groupKey() + "#" + n.episode();
    }

    Map<String, Thread> snapshot() {
        synchronized (this) {
            return Map.copyOf(threads);
        }
    }
}
