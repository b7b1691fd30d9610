package org.vnfx.orchestrator;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vnfx.contracts.Offers;
import org.vnfx.ledger.suite.FunctionType;

/**
 * What the orchestrator remembers of advertisements: which packages offer which function, and the
 * content key the provider sealed for the operator. Only the OfferAdvertised events carry the latter, so
 * the book is filled from them (from the suite's deployment block at start, then as they arrive);
 * everything that changes (status, reputation, price) is read from the contract when deciding.
 */
final class OfferBook {
    record Entry(byte[] packageDigest, String functionType, byte[] operatorKeyEnvelope) {}

    private final Map<String, Entry> byDigest = new ConcurrentHashMap<>();

    /** Idempotent: the same advertisement seen twice (a replayed block) changes nothing. */
    void add(Offers.OfferAdvertisedEventResponse e) {
        byDigest.putIfAbsent(HexFormat.of().formatHex(e.packageDigest),
                new Entry(e.packageDigest, FunctionType.fromBytes32(e.functionType), e.operatorKeyEnvelope));
    }

    Entry get(byte[] packageDigest) {
        Entry e = byDigest.get(HexFormat.of().formatHex(packageDigest));
        if (e == null) throw new IllegalStateException("offer 0x" + HexFormat.of().formatHex(packageDigest) + " is not in the offer book");
        return e;
    }

    List<Entry> forFunction(String functionType) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : byDigest.values()) if (e.functionType().equals(functionType)) out.add(e);
        return out;
    }

    /** Every advertisement seen, whatever its status now. */
    List<Entry> all() {
        return List.copyOf(byDigest.values());
    }

    int size() {
        return byDigest.size();
    }
}
