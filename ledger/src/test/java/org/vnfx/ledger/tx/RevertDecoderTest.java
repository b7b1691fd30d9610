package org.vnfx.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/** Revert data to names, from the ABIs the build compiled: no chain needed. */
class RevertDecoderTest {
    final RevertDecoder decoder = RevertDecoder.instance();

    static String call(String name, Type<?>... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
    }

    /** Revert data of a custom error: the same encoding as a call. */
    static String error(String name, Type<?>... args) {
        return call(name, args);
    }

    @Test
    void aSelectorDeclaredByOneContractIsNamedAfterIt() {
        assertEquals("Orchestration.grant", decoder.function(FunctionEncoder.encode(new Function("grant",
                List.of(new Uint256(1), new org.web3j.abi.datatypes.generated.Bytes32(new byte[32]), new org.web3j.abi.datatypes.DynamicBytes(new byte[1])), List.of()))));
        assertEquals("Settlement.deposit", decoder.function(call("deposit")));
    }

    @Test
    void aSelectorSharedByTwoContractsIsNamedAfterTheCalledOneWhenKnownAndAfterBothOtherwise() {
        String withdraw = call("withdraw");
        assertEquals("Settlement.withdraw", decoder.function("Settlement", withdraw));
        assertEquals("Licences.withdraw", decoder.function("Licences", withdraw));
        assertEquals("Licences|Settlement.withdraw", decoder.function(withdraw));
    }

    @Test
    void anErrorDeclaredTwiceWithOtherArgumentNamesTakesTheNamesOfTheCalledContract() {
        String data = error("InsufficientEscrow", new Uint256(7), new Uint256(1000));

        var settle = decoder.decode("Orchestration.settle", data);
        assertEquals("InsufficientEscrow", settle.error());
        assertEquals(Map.of("deploymentId", BigInteger.valueOf(7), "amount", BigInteger.valueOf(1000)), settle.arguments());

        var reclaim = decoder.decode("Settlement.reclaim", data);
        assertEquals(Map.of("requested", BigInteger.valueOf(7), "escrow", BigInteger.valueOf(1000)), reclaim.arguments());
        assertEquals("Settlement.reclaim reverted with InsufficientEscrow(requested=7, escrow=1000)", reclaim.getMessage());
    }

    @Test
    void requireStringsPanicsAndUnknownErrorsAreStillReadable() {
        var message = decoder.decode("Offers.accept", error("Error", new Utf8String("boom")));
        assertEquals("Error", message.error());
        assertEquals("boom", message.arguments().get("message"));

        var panic = decoder.decode("Orchestration.reportUninstall", error("Panic", new Uint256(0x11)));
        assertEquals("Panic", panic.error());
        assertEquals(BigInteger.valueOf(0x11), panic.arguments().get("code"));

        var unknown = decoder.decode("Offers.accept", "0xdeadbeef00");
        assertEquals("0xdeadbeef", unknown.error());
        assertEquals("0xdeadbeef00", unknown.arguments().get("data"));

        assertEquals("(no revert data)", decoder.decode("Offers.accept", "0x").error());
        assertEquals("0xdeadbeef", decoder.function("0xdeadbeef"));
    }
}
