package io.gatewarden.run;

import io.gatewarden.parse.SessionKeys;
import io.gatewarden.util.BoundedLru;

/**
 * One identity per session. The gateway names a session two ways: its id ({@code sessionId} in decision lines, e.g.
 * "lab-s1" or a UUID) and its key ({@code agent:main:explicit:lab-s1}, {@code agent:main:main}) in lane, preflight
 * and precheck lines and in {@code openclaw sessions --json}. Labels use the id; a key maps to its id once any source
 * showed both (a run whose decision line named the id and whose lane line named the key; a collector row), else to
 * the key's own id part ({@code agent:<agent>:explicit:<id>} → id, {@code agent:main:main} → main, as the parser
 * reads keys).
 */
public final class Sessions {
    private final BoundedLru<String, String> idByKey;
    /** The other way: the full key last seen for an identity (session actions name a session by its key). */
    private final BoundedLru<String, String> keyById;

    public Sessions(int capacity) {
        this.idByKey = new BoundedLru<>(capacity);
        this.keyById = new BoundedLru<>(capacity);
    }

    /** A key and the id it stands for, seen together. */
    public synchronized void learn(String key, String id) {
        if (key == null || id == null || key.isEmpty() || id.isEmpty() || key.equals(id)) return;
        idByKey.put(key, id);
        keyById.put(id, key);
    }

    /** The one identity of a session named by its id or key (null for null). */
    public synchronized String canonical(String idOrKey) {
        if (idOrKey == null || idOrKey.isEmpty()) return null;
        String id = idByKey.get(idOrKey);
        if (id != null) return id;
        id = SessionKeys.session(idOrKey); // the key's id part, as the parser reads keys
        if (!id.equals(idOrKey)) keyById.put(id, idOrKey);
        return id;
    }

    /** The full session key ({@code agent:main:explicit:lab-s1}) of an identity, when any line or row named it; else null. */
    public synchronized String keyOf(String canonical) {
        if (canonical == null) return null;
        if (canonical.startsWith("agent:")) return canonical;
        return keyById.get(canonical);
    }

    /** The session of an event's line: its full key when the line named one (attr sessionKey), else its id. */
    public String canonical(io.gatewarden.parse.GatewayEvent e) {
        String key = e.attr("sessionKey");
        return key != null ? canonical(key) : e.session();
    }

    public synchronized int size() {
        return idByKey.size();
    }
}
