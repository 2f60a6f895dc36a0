package io.gatewarden.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The compiled routing tree: which receivers (with which grouping and timing) an alert goes to. */
final class RouteTree {
    /** One node with its inherited options. {@code id} is its path in the tree ("0", "0.2", "0.2.1"). */
    record Node(String id, String receiver, List<Matcher> matchers, List<String> groupBy, Duration groupWait,
                Duration groupInterval, Duration repeatInterval, boolean continueMatching, List<Node> children) {

        boolean groupByAll() {
            return groupBy.contains("...");
        }

        /** The labels that name this alert's group. */
        Map<String, String> groupLabels(Map<String, String> labels) {
            if (groupByAll()) return labels;
            TreeMap<String, String> m = new TreeMap<>();
            for (String l : groupBy) {
                String v = labels.get(l);
                if (v != null) m.put(l, v);
            }
            return m;
        }
    }

    private final Node root;

    RouteTree(AlertSettings.Route root, Set<String> receiverNames) {
        this.root = compile("0", root, root, receiverNames);
    }

    private static Node compile(String id, AlertSettings.Route r, AlertSettings.Route parent, Set<String> receivers) {
        AlertSettings.Route eff = r == parent ? r : r.inherit(parent);
        if (!receivers.contains(eff.receiver())) {
            throw new IllegalArgumentException("route " + id + " sends to receiver '" + eff.receiver() + "', which is not defined (defined: " + receivers + ")");
        }
        List<Node> children = new ArrayList<>();
        for (int i = 0; i < eff.routes().size(); i++) {
            children.add(compile(id + "." + i, eff.routes().get(i), eff, receivers));
        }
        return new Node(id, eff.receiver(), Matcher.parseAll(eff.matchers()), eff.groupBy(), eff.groupWait(),
                eff.groupInterval(), eff.repeatInterval(), eff.isContinue(), List.copyOf(children));
    }

    /** Alertmanager's walk: depth first, the first matching child wins unless it continues; no child → this node. */
    List<Node> match(Map<String, String> labels) {
        List<Node> out = new ArrayList<>(2);
        if (Matcher.all(root.matchers(), labels)) walk(root, labels, out);
        return out;
    }

    private static void walk(Node n, Map<String, String> labels, List<Node> out) {
        boolean childMatched = false;
        for (Node c : n.children()) {
            if (!Matcher.all(c.matchers(), labels)) continue;
            walk(c, labels, out);
            childMatched = true;
            if (!c.continueMatching()) break;
        }
        if (!childMatched) out.add(n);
    }
}
