package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;
import org.vnfx.ledger.tx.ContractRevertException;

/** Asserts that a call is rejected by its pre-flight with one exact custom error of one exact function. */
public final class Reverts {
    private Reverts() {}

    public static ContractRevertException expect(String function, String error, Executable call) {
        ContractRevertException e = assertThrows(ContractRevertException.class, call, () -> "expected " + function + " to revert with " + error);
        assertEquals(error, e.error(), () -> "wrong error: " + e.getMessage());
        assertEquals(function, e.function(), () -> "wrong function: " + e.getMessage());
        return e;
    }
}
