package io.gatewarden.util;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map that never holds more than {@code capacity} entries: the least recently used one is dropped first.
 * Detectors key their state by things the input controls (runs, sessions, error texts), so every such map is one of these.
 * Not thread-safe: detectors run on one thread.
 */
public final class BoundedLru<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, V> map;
    private long evictions;

    public BoundedLru(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        this.capacity = capacity;
        // access order: a get() keeps an entry alive, so the eldest is the least recently used
        this.map = new LinkedHashMap<>(Math.min(capacity, 1024) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() > BoundedLru.this.capacity) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    public V get(K key) {
        return map.get(key);
    }

    public V put(K key, V value) {
        return map.put(key, value);
    }

    public V computeIfAbsent(K key, Function<? super K, ? extends V> create) {
        return map.computeIfAbsent(key, create);
    }

    public V remove(K key) {
        return map.remove(key);
    }

    public boolean containsKey(K key) {
        return map.containsKey(key);
    }

    public int size() {
        return map.size();
    }

    public int capacity() {
        return capacity;
    }

    /** How many entries were dropped because the map was full. */
    public long evictions() {
        return evictions;
    }

    public void clear() {
        map.clear();
    }

    /** Entries from least to most recently used; a read-only view, valid until the next change. */
    public Iterable<Map.Entry<K, V>> entries() {
        return java.util.Collections.unmodifiableMap(map).entrySet();
    }
}
