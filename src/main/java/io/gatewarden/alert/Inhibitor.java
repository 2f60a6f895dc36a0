package io.gatewarden.alert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inhibition rules: a firing source alert mutes target alerts whose {@code equal} labels have the same values.
 * Built once per dispatcher pass as an index (rule → equal-label values → source ids), so each check is O(rules).
 */
final class Inhibitor {
    record Rule(List<Matcher> source, List<Matcher> target, List<String> equal) {}

    private final List<Rule> rules;

    Inhibitor(List<AlertSettings.InhibitRule> specs) {
        List<Rule> r = new ArrayList<>();
        for (AlertSettings.InhibitRule s : specs) {
            r.add(new Rule(Matcher.parseAll(s.sourceMatchers()), Matcher.parseAll(s.targetMatchers()), s.equal()));
        }
        this.rules = List.copyOf(r);
    }

    /** The firing sources of one pass. */
    Index index(Iterable<TrackedAlert> alerts) {
        List<Map<List<String>, List<String>>> perRule = new ArrayList<>();
        for (Rule rule : rules) {
            Map<List<String>, List<String>> sources = new HashMap<>();
            for (TrackedAlert a : alerts) {
                if (a.isFiring() && Matcher.all(rule.source, a.labels())) {
                    sources.computeIfAbsent(equalValues(rule, a.labels()), k -> new ArrayList<>(1)).add(a.id());
                }
            }
            perRule.add(sources);
        }
        return new Index(perRule);
    }

    private static List<String> equalValues(Rule rule, Map<String, String> labels) {
        List<String> v = new ArrayList<>(rule.equal.size());
        for (String l : rule.equal) v.add(labels.getOrDefault(l, ""));
        return v;
    }

    final class Index {
        private final List<Map<List<String>, List<String>>> perRule;

        private Index(List<Map<List<String>, List<String>>> perRule) {
            this.perRule = perRule;
        }

        /** The id of an alert that inhibits {@code a}, or null. An alert never inhibits itself. */
        String inhibitorOf(TrackedAlert a) {
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                if (!Matcher.all(rule.target, a.labels())) continue;
                List<String> sources = perRule.get(i).get(equalValues(rule, a.labels()));
                if (sources == null) continue;
                for (String id : sources) {
                    if (!id.equals(a.id())) return id;
                }
            }
            return null;
        }
    }
}
