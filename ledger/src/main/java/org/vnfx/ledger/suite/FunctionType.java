package org.vnfx.ledger.suite;

/** A VNF function type ("ids", "firewall", "nat"): short ASCII, stored on chain left-aligned in a bytes32. */
public final class FunctionType {
    private FunctionType() {}

    public static byte[] toBytes32(String name) {
        return ShortName.toBytes32("function type", name);
    }

    public static String fromBytes32(byte[] value) {
        return ShortName.fromBytes32(value);
    }
}
