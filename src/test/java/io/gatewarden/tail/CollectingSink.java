package io.gatewarden.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every accepted batch; can be told to refuse the next batches. */
final class CollectingSink implements TailSink {
    final List<TailBatch> batches = new CopyOnWriteArrayList<>();
    volatile int refuseNext;

    @Override
    public void accept(TailBatch batch) {
        if (refuseNext > 0) {
            refuseNext--;
            throw new IllegalStateException("sink is down");
        }
        batches.add(batch);
    }

    List<TailLine> lines() {
        List<TailLine> out = new ArrayList<>();
        for (TailBatch b : batches) out.addAll(b.lines());
        return out;
    }

    List<String> texts() {
        return lines().stream().map(TailLine::text).toList();
    }

    /** Texts delivered since the last call. */
    private int taken;

    List<String> take() {
        List<String> all = texts();
        List<String> fresh = all.subList(taken, all.size());
        taken = all.size();
        return List.copyOf(fresh);
    }
}
