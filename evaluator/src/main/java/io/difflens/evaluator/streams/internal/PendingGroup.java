package io.difflens.evaluator.streams.internal;

import java.util.Map;
import java.util.TreeMap;

/** The members of a pair seen so far: member index to the member's item, and when the first came. */
public record PendingGroup(Map<Integer, Scored> members, long firstSeen) {
    public PendingGroup {
        members = new TreeMap<>(members);
    }

    public PendingGroup with(Scored member) {
        Map<Integer, Scored> m = new TreeMap<>(members);
        m.put(member.memberIndex(), member);
        return new PendingGroup(m, firstSeen);
    }
}
