package io.gatewarden.lint;

import java.util.List;

/** One linted chain: whose it is, where it is written, and its rungs in order. */
public record ChainView(String agent, String source, List<RungView> rungs) {
    public ChainView {
        rungs = List.copyOf(rungs);
    }
}
