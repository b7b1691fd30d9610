package org.vnfx.ledger.suite;

import java.math.BigInteger;
import java.util.Locale;

/** The on-chain roles, in the order of Identities.Role. */
public enum Role {
    NONE, OPERATOR, PROVIDER, MEC, CUSTOMER, VALIDATOR;

    /** The role id Identities.hasRole takes, as Roles.sol computes it: keccak256("vnfx.ROLE"). */
    public byte[] id() {
        if (this == NONE) throw new IllegalStateException("NONE has no role id");
        return org.web3j.crypto.Hash.sha3(("vnfx." + name()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public BigInteger code() {
        return BigInteger.valueOf(ordinal());
    }

    public static Role of(BigInteger code) {
        return values()[code.intValueExact()];
    }

    public static Role parse(String name) {
        try {
            Role r = valueOf(name.trim().toUpperCase(Locale.ROOT));
            if (r == NONE) throw new IllegalArgumentException();
            return r;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "': expected operator, provider, mec, customer or validator");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
