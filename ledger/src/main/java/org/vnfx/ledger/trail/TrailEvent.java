package org.vnfx.ledger.trail;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One marketplace action as the chain recorded it: a decoded event of a suite contract.
 *
 * @param block       the block it is in
 * @param time        that block's timestamp
 * @param transaction the transaction hash
 * @param logIndex    its position in the block
 * @param contract    the suite contract that emitted it (Offers, Orchestration, ...)
 * @param event       the event's name
 * @param args        its arguments by name, in ABI order: addresses and bytes as lowercase 0x-hex, integers as
 *                    BigInteger, booleans, lists for arrays; an indexed dynamic value as the hash the topic holds
 */
public record TrailEvent(long block, Instant time, String transaction, int logIndex, String contract, String event, Map<String, Object> args) {
    public TrailEvent {
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** Whether any argument is (or, for a list, holds) this value: an account, a digest or a number. */
    public boolean mentions(Object value) {
        Object v = value instanceof String s ? s.toLowerCase(Locale.ROOT) : value;
        for (Object a : args.values()) {
            if (a.equals(v)) return true;
            if (a instanceof List<?> l && l.contains(v)) return true;
        }
        return false;
    }

    public Object arg(String name) {
        Object v = args.get(name);
        if (v == null) throw new IllegalArgumentException(contract + "." + event + " has no argument " + name + " (has " + args.keySet() + ")");
        return v;
    }

    /** One line: time, block, contract.event and its arguments (long byte strings shortened). */
    public String describe() {
        StringBuilder b = new StringBuilder().append(time).append("  block ").append(block).append("  ").append(contract).append('.').append(event);
        args.forEach((k, v) -> b.append(' ').append(k).append('=').append(shorten(v)));
        return b.toString();
    }

    private static String shorten(Object v) {
        String s = String.valueOf(v);
        return s.length() > 70 ? s.substring(0, 24) + "..(" + (s.length() - 2) / 2 + " bytes)" : s;
    }
}
