package io.gatewarden.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedLruTest {
    @Test
    void dropsTheLeastRecentlyUsedPastItsCapacityAndCountsIt() {
        BoundedLru<String, Integer> m = new BoundedLru<>(3);
        m.put("a", 1);
        m.put("b", 2);
        m.put("c", 3);
        m.get("a"); // a is now the most recently used
        m.put("d", 4);
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.containsKey("b")).isFalse();
        assertThat(m.get("a")).isEqualTo(1);
        assertThat(m.evictions()).isEqualTo(1);
        m.computeIfAbsent("e", k -> 5);
        assertThat(m.containsKey("c")).isFalse();
        assertThat(m.evictions()).isEqualTo(2);
        assertThat(m.remove("e")).isEqualTo(5);
        assertThat(m.capacity()).isEqualTo(3);
    }

    @Test
    void staysAtItsCapWhateverComesIn() {
        BoundedLru<Integer, Integer> m = new BoundedLru<>(1000);
        for (int i = 0; i < 1_000_000; i++) m.put(i, i);
        assertThat(m.size()).isEqualTo(1000);
        assertThat(m.evictions()).isEqualTo(999_000);
        assertThatThrownBy(() -> new BoundedLru<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
