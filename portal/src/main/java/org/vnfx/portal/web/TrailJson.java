package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.vnfx.ledger.trail.TrailEvent;
import org.vnfx.portal.http.Http;

/**
 * Chain events as the pages read them: integers as decimal strings (wei and WAD values pass 2^53, where JavaScript
 * numbers stop being exact), addresses and bytes as lowercase 0x-hex, booleans as booleans, arrays as arrays.
 */
final class TrailJson {
    private TrailJson() {}

    static ObjectNode event(TrailEvent e) {
        ObjectNode o = Http.JSON.createObjectNode();
        o.put("id", id(e)).put("block", e.block()).put("time", e.time().toString()).put("transaction", e.transaction()).put("logIndex", e.logIndex())
                .put("contract", e.contract()).put("event", e.event());
        ObjectNode args = o.putObject("args");
        for (Map.Entry<String, Object> a : e.args().entrySet()) put(args, a.getKey(), a.getValue());
        return o;
    }

    /** BLOCK-LOGINDEX: the event's place in the chain, its Server-Sent Events id ({@link LiveEvents} resumes after it). */
    static String id(TrailEvent e) {
        return e.block() + "-" + e.logIndex();
    }

    private static void put(ObjectNode o, String name, Object v) {
        if (v instanceof Boolean b) o.put(name, b);
        else if (v instanceof List<?> l) {
            ArrayNode a = o.putArray(name);
            for (Object x : l) a.add(x instanceof Boolean b ? Http.JSON.getNodeFactory().booleanNode(b) : Http.JSON.getNodeFactory().textNode(text(x)));
        } else o.put(name, text(v));
    }

    private static String text(Object v) {
        return v instanceof BigInteger i ? i.toString() : String.valueOf(v);
    }
}
