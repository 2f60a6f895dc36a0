package io.gatewarden.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Session actions name a session by its key; labels name it by its id: the one identity answers both ways. */
class SessionsKeyTest {
    @Test
    void keyOfAnIdentity_fromAKeyedLine_orAPairSeenTogether() {
        Sessions s = new Sessions(8);
        assertThat(s.keyOf("lab-s17-summary")).as("never named by a key yet").isNull();
        assertThat(s.canonical("agent:main:explicit:lab-s17-summary")).isEqualTo("lab-s17-summary");
        assertThat(s.keyOf("lab-s17-summary")).isEqualTo("agent:main:explicit:lab-s17-summary");

        s.learn("agent:work:telegram:direct:123", "0b9c-uuid");
        assertThat(s.canonical("agent:work:telegram:direct:123")).isEqualTo("0b9c-uuid");
        assertThat(s.keyOf("0b9c-uuid")).isEqualTo("agent:work:telegram:direct:123");
        assertThat(s.keyOf("agent:main:main")).as("a key is its own key").isEqualTo("agent:main:main");
        assertThat(s.keyOf(null)).isNull();
    }
}
